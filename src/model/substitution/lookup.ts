/** What every lookup (env, file, date …) is given, and how it says no. */

/** Facts about the machine realmform runs on, for `sys:` and `localhost:` (replaceable in tests). */
export interface HostFacts {
  homedir: string;
  /** Undefined for a user without a name (a container user without a passwd entry). */
  username: string | undefined;
  cwd: string;
  tmpdir: string;
  hostname: string;
  platform: NodeJS.Platform;
  /** Node's name (`x64`, `arm64`). */
  arch: string;
  /** Kernel release (`uname -r`). */
  release: string;
  /** IANA time zone for `date:`. */
  timeZone: string;
}

export interface LookupEnvironment {
  /** Which spelling the expression used: keycloak-config-cli's or realmform's own. */
  dialect: 'keycloak-config-cli' | 'realmform';
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths of `file:` and `properties:` start here. */
  baseDir: string;
  readFile(absolutePath: string): Buffer | string;
  host(): HostFacts;
  now(): Date;
  /** Named properties besides the environment (Spring-style `--name=value` arguments, config trees). */
  property?(name: string): string | undefined;
}

/** A lookup that cannot give a value for its key: the message says why, without any secret. */
export class LookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LookupError';
  }
}

/**
 * One lookup: `resolve` returns the value, or undefined for "not set" (then the default or the
 * error for unset variables applies). A refused lookup has no `resolve`, only the reason.
 */
export interface LookupDefinition {
  /** keycloak-config-cli's spelling (matched case-insensitively, as Commons Text does). */
  name: string;
  aliases?: readonly string[];
  resolve?(key: string, environment: LookupEnvironment): string | undefined;
  refused?: string;
}
