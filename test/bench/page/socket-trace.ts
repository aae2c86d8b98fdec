/**
 * The page's init script for `--trace` (built by page-script.ts): records the widget's socket
 * traffic wherever the socket runs, on the page or in the Worker the widget starts for it. The
 * Worker is wrapped so that its first script installs the same recorder, on a clock mapped to the
 * page's; the bench reads both with `evaluate`.
 */
import { installTrace, type TraceOptions } from './trace-recorder.js';

export function install(options: TraceOptions): void {
  installTrace(window, () => performance.now(), options);
  const pageOrigin = performance.timeOrigin;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, workerOptions?: WorkerOptions) {
      const prelude =
        `(${installTrace.toString()})(self, () => performance.timeOrigin + performance.now() - ` +
        `${pageOrigin}, ${JSON.stringify(options)});` +
        `\nimportScripts(${JSON.stringify(String(url))});`;
      super(URL.createObjectURL(new Blob([prelude], { type: 'text/javascript' })), workerOptions);
    }
  };
}
