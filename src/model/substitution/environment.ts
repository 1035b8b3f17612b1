/**
 * Lookups that read the process and the machine: `env:`, `sys:` (Java system properties, mapped
 * onto what Node knows), `localhost:`, and keycloak-config-cli's name-only `$(some.property)`,
 * which reads Spring's environment.
 */
import { homedir, hostname, release, tmpdir, userInfo } from 'node:os';
import { type HostFacts, type LookupDefinition, type LookupEnvironment, LookupError } from './lookup.js';

/**
 * How Spring Boot finds `some.property-name` in the environment: the name as written, with `.`
 * and/or `-` as `_`, then the same in upper case (`SOME_PROPERTY_NAME`).
 */
export function relaxedEnvNames(name: string): string[] {
  const spellings = (base: string) => [
    base,
    base.replace(/\./g, '_'),
    base.replace(/-/g, '_'),
    base.replace(/[.-]/g, '_'),
  ];
  return [...new Set([...spellings(name), ...spellings(name.toUpperCase())])];
}

/**
 * keycloak-config-cli's default lookup (a name without `lookup:`, and the fallback of every lookup
 * that finds nothing): a Spring property, which realmform reads from `--name=value` arguments and
 * config trees (when the CLI provides them) and from the environment by Spring's relaxed names.
 */
export function propertyLookup(name: string, environment: LookupEnvironment): string | undefined {
  if (/^random\./i.test(name))
    throw new LookupError(
      "Spring's random values are not supported: they would change the realm on every run",
    );
  const given = environment.property?.(name);
  if (given !== undefined) return given;
  for (const candidate of relaxedEnvNames(name)) {
    const value = environment.env[candidate];
    if (value !== undefined) return value;
  }
  return undefined;
}

const JAVA_OS_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'Linux',
  darwin: 'Mac OS X',
  freebsd: 'FreeBSD',
  sunos: 'SunOS',
  aix: 'AIX',
};

function javaArch(host: HostFacts): string {
  if (host.arch === 'x64') return host.platform === 'darwin' ? 'x86_64' : 'amd64';
  if (host.arch === 'arm64') return 'aarch64';
  throw new LookupError(`no Java name is known for the architecture ${host.arch}`);
}

/**
 * The Java system properties that describe the machine rather than the JVM, with the values a
 * JVM on the same machine would give.
 */
export const MAPPED_SYSTEM_PROPERTIES: Readonly<Record<string, (host: HostFacts) => string>> = {
  'user.home': (host) => host.homedir,
  'user.name': (host) => {
    if (host.username === undefined) throw new LookupError('the current user has no name on this machine');
    return host.username;
  },
  'user.dir': (host) => host.cwd,
  'java.io.tmpdir': (host) => host.tmpdir,
  'file.separator': (host) => (host.platform === 'win32' ? '\\' : '/'),
  'path.separator': (host) => (host.platform === 'win32' ? ';' : ':'),
  'line.separator': (host) => (host.platform === 'win32' ? '\r\n' : '\n'),
  'os.name': (host) => {
    const name = JAVA_OS_NAMES[host.platform];
    if (!name) throw new LookupError(`no Java name is known for the platform ${host.platform}`);
    return name;
  },
  'os.arch': javaArch,
  'os.version': (host) => {
    // Java reports the kernel release on Linux only; elsewhere it is a product version.
    if (host.platform !== 'linux') throw new LookupError(`realmform knows os.version on Linux only`);
    return host.release;
  },
};

/** Properties only a JVM has (its version, vendor, encodings, locale): no honest value exists here. */
const JVM_ONLY =
  /^(java|javax|jdk|sun|jvm|file|native|stdout|stderr|awt)\.|^user\.(language|country|region|variant|script|timezone)$/;

function systemProperty(name: string, environment: LookupEnvironment): string | undefined {
  const mapped = MAPPED_SYSTEM_PROPERTIES[name];
  if (mapped) return mapped(environment.host());
  if (JVM_ONLY.test(name))
    throw new LookupError(
      `\`${name}\` is a property of the Java runtime, and realmform runs on Node.js; pass the value with \`$(env:NAME)\``,
    );
  // keycloak-config-cli runs with `-Dname=value`; realmform reads the same names from the environment.
  return undefined;
}

function localhost(key: string, environment: LookupEnvironment): string {
  if (key === 'name') return environment.host().hostname;
  if (key === 'canonical-name' || key === 'address')
    throw new LookupError(
      `\`localhost:${key}\` needs a DNS lookup, which realmform does not do while reading files; pass the value with \`$(env:NAME)\``,
    );
  throw new LookupError(`unknown key \`${key}\` (localhost knows name, canonical-name, address)`);
}

export const ENVIRONMENT_LOOKUPS: readonly LookupDefinition[] = [
  { name: 'env', resolve: (key, environment) => environment.env[key] },
  { name: 'sys', resolve: systemProperty },
  { name: 'localhost', resolve: localhost },
];

/** The real machine, read once and only when a lookup asks. */
export function machineFacts(): () => HostFacts {
  let facts: HostFacts | undefined;
  return () => {
    facts ??= {
      homedir: homedir(),
      username: currentUser(),
      cwd: process.cwd(),
      tmpdir: tmpdir(),
      hostname: hostname(),
      platform: process.platform,
      arch: process.arch,
      release: release(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
    return facts;
  };
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // A container user without a passwd entry.
    return process.env.USER ?? process.env.LOGNAME;
  }
}
