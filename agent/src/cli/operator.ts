/**
 * `polyglot operator add <username> --role admin|operator [--partner KEY] [--file PATH]`: makes
 * an operator console account. The password is read from standard input (never from the command
 * line, where the shell's history and `ps` would keep it), hashed with scrypt, and the account
 * printed as JSON for POLYGLOT_OPERATORS, or written into the POLYGLOT_OPERATORS_FILE at PATH
 * (replacing an account of the same name; the file is created readable by its owner only).
 *
 * Exit codes: 1 the password or file was refused.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  hashPassword,
  OPERATOR_ROLES,
  type Operator,
  type OperatorRole,
} from '../console/operators.js';

export const OPERATOR_USAGE = `Usage: polyglot operator add <username> --role admin|operator [--partner KEY] [--file PATH]

  Reads the password (at least 12 characters) from standard input, e.g.
    read -rs PW && printf '%s' "$PW" | polyglot operator add ana --role operator --partner acme
  Prints the account for POLYGLOT_OPERATORS, or with --file adds it to that JSON file.`;

export interface OperatorIo {
  out(line: string): void;
  err(line: string): void;
  /** The whole of standard input. */
  stdin(): Promise<string>;
}

export async function run(argv: string[], io: OperatorIo): Promise<number> {
  const usage = (problem: string) => {
    io.err(`${problem}\n\n${OPERATOR_USAGE}`);
    return 2;
  };
  const [sub, ...rest] = argv;
  if (sub !== 'add')
    return usage(
      sub ? `Unknown operator sub-command: ${sub}` : 'polyglot operator needs a sub-command: add',
    );
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { role: { type: 'string' }, partner: { type: 'string' }, file: { type: 'string' } },
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [username, ...extra] = positionals;
  if (!username || extra.length) return usage('Give exactly one username.');
  if (!/^[\w.@-]{1,64}$/.test(username))
    return usage('A username is letters, digits and . _ @ - only, at most 64 characters.');
  const role = values.role as OperatorRole | undefined;
  if (!role || !OPERATOR_ROLES.includes(role)) return usage('--role must be admin or operator.');
  if (role === 'operator' && !values.partner)
    return usage('An operator needs --partner: the partner whose sessions they see.');
  if (role === 'admin' && values.partner)
    return usage('An admin sees every partner: leave out --partner.');
  const password = (await io.stdin()).replace(/\r?\n$/, '');
  let passwordHash: string;
  try {
    passwordHash = hashPassword(password);
  } catch (err) {
    io.err(`Password refused: ${(err as Error).message}.`);
    return 1;
  }
  const account: Operator = {
    username,
    passwordHash,
    role,
    ...(values.partner && { partner: values.partner }),
  };
  if (!values.file) {
    io.out(JSON.stringify(account));
    return 0;
  }
  let list: Operator[] = [];
  if (existsSync(values.file)) {
    try {
      const json: unknown = JSON.parse(readFileSync(values.file, 'utf8'));
      if (!Array.isArray(json)) throw new Error('not a JSON array');
      list = json as Operator[];
    } catch (err) {
      io.err(`${values.file}: ${(err as Error).message}; not changed.`);
      return 1;
    }
  }
  const replaced = list.some((o) => o.username === username);
  list = [...list.filter((o) => o.username !== username), account];
  writeFileSync(values.file, `${JSON.stringify(list, null, 2)}\n`, { mode: 0o600 });
  io.out(`${replaced ? 'Replaced' : 'Added'} ${role} "${username}" in ${values.file}.`);
  return 0;
}
