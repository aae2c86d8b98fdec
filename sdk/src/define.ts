/**
 * A guarded `customElements.define`: a page may load the script twice (the CDN tag and an npm
 * import, or the same tag pasted twice). The first definition wins; a different version warns.
 */
type Versioned = CustomElementConstructor & { polyglotVersion?: string };

/** Returns true when this call registered the tag. */
export function defineOnce(tag: string, ctor: CustomElementConstructor, version: string): boolean {
  const existing = customElements.get(tag) as Versioned | undefined;
  if (!existing) {
    (ctor as Versioned).polyglotVersion = version;
    customElements.define(tag, ctor);
    return true;
  }
  if (existing.polyglotVersion !== version)
    console.warn(
      `<${tag}> ${version} was loaded, but ${existing.polyglotVersion ?? 'another version'} is already registered; keeping that one.`,
    );
  return false;
}
