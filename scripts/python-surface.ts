/**
 * Compares python-keycloak's public surface (test/fixtures/python-keycloak-surface.json, extracted
 * from the PyPI wheel by scripts/extract-python-surface.py) with realmform/client's declarations,
 * read with the TypeScript compiler API. Used by the surface test (a missing member or parameter
 * fails the build) and by the generator of docs/client.md.
 *
 * The convention it checks:
 * - a python class or function has an export of the same name (functions in camelCase);
 * - a python method `get_users` has a method `getUsers` (its async twin `a_get_users` is the same
 *   promise-returning method); a property is a property or accessor, writable if python's is;
 *   `__init__` is the constructor, `__str__` toString, `__eq__` equals, `__call__` with, `__bool__`
 *   toBoolean;
 * - each python parameter, in camelCase, is a positional parameter of that name at python's
 *   position (so a positional call means the same), or a property of an options object (never
 *   for a parameter python requires, except in constructors, which take one options object whose
 *   property is then required too); python's `query` dict may be the options object itself;
 *   `**kwargs` needs an options object or a rest parameter, `*args` positional parameters.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE_PATH = join(repoRoot, 'test', 'fixtures', 'python-keycloak-surface.json');

export interface PythonParam {
  name: string;
  kind: 'positional' | 'keyword_only' | 'var_positional' | 'var_keyword';
  required: boolean;
  default?: string;
  annotation?: string;
}

export interface PythonMemberData {
  name: string;
  kind: 'method' | 'staticmethod' | 'constructor' | 'property' | 'attribute';
  async?: boolean;
  settable?: boolean;
  params?: PythonParam[];
  returns?: string | null;
  value?: string | null;
}

export interface PythonClassData {
  module: string;
  name: string;
  bases: string[];
  members: PythonMemberData[];
}

export interface PythonFunctionData {
  module: string;
  name: string;
  async: boolean;
  params: PythonParam[];
  returns: string | null;
}

export interface SurfaceFixture {
  package: string;
  version: string;
  wheel: string;
  sha256: string;
  exports: string[];
  classes: PythonClassData[];
  functions: PythonFunctionData[];
}

export function loadSurfaceFixture(): SurfaceFixture {
  return JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as SurfaceFixture;
}

export function camelCase(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Python dunder methods with a TypeScript meaning. */
const DUNDERS: Readonly<Record<string, string>> = {
  __init__: 'constructor',
  __str__: 'toString',
  __eq__: 'equals',
  __call__: 'with',
  __bool__: 'toBoolean',
};

/** One python member after folding async twins (`a_x` is `x`). */
export interface PythonMember {
  pythonClass: string;
  python: string;
  kind: PythonMemberData['kind'];
  settable: boolean;
  params: PythonParam[];
  /** python-keycloak also has `a_<name>`, its asyncio twin. */
  hasAsyncTwin: boolean;
  typescript: string;
}

export function pythonMembers(fixture: SurfaceFixture): PythonMember[] {
  const out: PythonMember[] = [];
  for (const cls of fixture.classes) {
    const names = new Set(cls.members.map((member) => member.name));
    for (const member of cls.members) {
      const isTwin = member.name.startsWith('a_') && (member.async || member.kind === 'property');
      const base = isTwin ? member.name.slice(2) : member.name;
      // `a__refresh_if_required` is the twin of a private helper.
      if (base.startsWith('_') && !DUNDERS[base]) continue;
      if (isTwin && names.has(base)) continue;
      out.push({
        pythonClass: cls.name,
        python: base,
        kind: member.kind,
        settable: member.settable ?? false,
        params: member.params ?? [],
        hasAsyncTwin: isTwin || names.has(`a_${base}`),
        typescript: DUNDERS[base] ?? (member.kind === 'attribute' ? base : camelCase(base)),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The TypeScript side

export interface TsOption {
  name: string;
  type: string;
  optional: boolean;
  doc: string;
}

export interface TsParam {
  name: string;
  type: string;
  optional: boolean;
  rest: boolean;
  /** Source text of the default value, for `param = value`. */
  initializer: string | undefined;
  /** Properties when the parameter is an object (an options object or a payload). */
  properties: TsOption[] | undefined;
}

export interface TsSignature {
  text: string;
  params: TsParam[];
  returns: string;
}

export interface TsMember {
  name: string;
  kind: 'method' | 'property' | 'constructor';
  static: boolean;
  writable: boolean;
  signatures: TsSignature[];
  /** Type of a property. */
  type: string | undefined;
  doc: string;
  /** `@alias preferredName`: this member is python-keycloak's name for a better-named one. */
  aliasOf: string | undefined;
}

export interface TsExport {
  name: string;
  kind: 'class' | 'function' | 'other';
  /** Name of the base class, for classes. */
  base: string | undefined;
  members: Map<string, TsMember>;
  /** Signatures of a function. */
  signatures: TsSignature[];
  doc: string;
}

export function readTypeScriptSurface(
  entry = join(repoRoot, 'src', 'client', 'index.ts'),
): Map<string, TsExport> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram([entry], { ...(config?.options ?? {}), noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot read ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry} has no exports`);
  const exports = new Map<string, TsExport>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const name = exported.getName();
    if (symbol.flags & ts.SymbolFlags.Class) exports.set(name, readClass(checker, symbol, name));
    else if (symbol.flags & ts.SymbolFlags.Function) {
      const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
      const type = checker.getTypeOfSymbolAtLocation(symbol, declaration ?? source);
      exports.set(name, {
        name,
        kind: 'function',
        base: undefined,
        members: new Map(),
        signatures: type.getCallSignatures().map((sig) => readSignature(checker, sig, name)),
        doc: docOf(checker, symbol),
      });
    } else if (symbol.flags & ts.SymbolFlags.Value) {
      exports.set(name, {
        name,
        kind: 'other',
        base: undefined,
        members: new Map(),
        signatures: [],
        doc: docOf(checker, symbol),
      });
    }
  }
  return exports;
}

function readClass(checker: ts.TypeChecker, symbol: ts.Symbol, name: string): TsExport {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (!declaration) throw new Error(`class ${name} has no declaration`);
  const staticType = checker.getTypeOfSymbolAtLocation(symbol, declaration);
  const instanceType = checker.getDeclaredTypeOfSymbol(symbol);
  const members = new Map<string, TsMember>();
  const constructors = staticType
    .getConstructSignatures()
    .filter((sig) => !isInternal(sig.getDeclaration()))
    .map((sig) => readSignature(checker, sig, `new ${name}`));
  members.set('constructor', {
    name: 'constructor',
    kind: 'constructor',
    static: false,
    writable: false,
    signatures: constructors,
    type: undefined,
    doc: '',
    aliasOf: undefined,
  });
  for (const property of checker.getPropertiesOfType(instanceType)) {
    const member = readMember(checker, property, declaration, false);
    if (member) members.set(member.name, member);
  }
  for (const property of checker.getPropertiesOfType(staticType)) {
    if (property.getName() === 'prototype') continue;
    const member = readMember(checker, property, declaration, true);
    if (member && !members.has(member.name)) members.set(member.name, member);
  }
  const baseTypes = instanceType.isClassOrInterface() ? checker.getBaseTypes(instanceType) : [];
  return {
    name,
    kind: 'class',
    base: baseTypes[0]?.getSymbol()?.getName(),
    members,
    signatures: [],
    doc: docOf(checker, symbol),
  };
}

function readMember(
  checker: ts.TypeChecker,
  property: ts.Symbol,
  location: ts.Node,
  isStatic: boolean,
): TsMember | undefined {
  const declarations = property.getDeclarations() ?? [];
  if (declarations.some((d) => isPrivate(d))) return undefined;
  const type = checker.getTypeOfSymbolAtLocation(property, declarations[0] ?? location);
  const isMethod = (property.flags & ts.SymbolFlags.Method) !== 0;
  const hasGetter = declarations.some(ts.isGetAccessorDeclaration);
  const hasSetter = declarations.some(ts.isSetAccessorDeclaration);
  const readonlyProperty = declarations.some(
    (d) =>
      (ts.isPropertyDeclaration(d) || ts.isPropertySignature(d)) &&
      (ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Readonly) !== 0,
  );
  const tags = ts.getJSDocTags(declarations[0] ?? location);
  const alias = tags.find((tag) => tag.tagName.text === 'alias');
  return {
    name: property.getName(),
    kind: isMethod ? 'method' : 'property',
    static: isStatic,
    writable: !isMethod && (hasGetter ? hasSetter : !readonlyProperty),
    signatures: isMethod
      ? type.getCallSignatures().map((sig) => readSignature(checker, sig, property.getName()))
      : [],
    type: isMethod ? undefined : checker.typeToString(type),
    doc: docOf(checker, property),
    aliasOf: alias ? ts.getTextOfJSDocComment(alias.comment)?.trim().split(/\s+/)[0] : undefined,
  };
}

function readSignature(checker: ts.TypeChecker, signature: ts.Signature, name: string): TsSignature {
  const params = signature.getParameters().map((parameter): TsParam => {
    const declaration = parameter.valueDeclaration;
    const type = checker.getTypeOfSymbol(parameter);
    const isRest = declaration !== undefined && ts.isParameter(declaration) && !!declaration.dotDotDotToken;
    const optional =
      declaration !== undefined && ts.isParameter(declaration)
        ? checker.isOptionalParameter(declaration) || isRest
        : false;
    const initializer =
      declaration !== undefined && ts.isParameter(declaration)
        ? declaration.initializer?.getText()
        : undefined;
    return {
      name: parameter.getName(),
      type: checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation),
      optional,
      rest: isRest,
      initializer,
      properties: objectProperties(checker, type),
    };
  });
  const text = checker.signatureToString(
    signature,
    undefined,
    ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.WriteArrowStyleSignature,
  );
  return {
    text: `${name}${text.replace(/ => .*$/s, '')}`,
    params,
    returns: checker.typeToString(signature.getReturnType(), undefined, ts.TypeFormatFlags.NoTruncation),
  };
}

/** Properties of an object-typed parameter (options objects, payloads); undefined otherwise. */
function objectProperties(checker: ts.TypeChecker, type: ts.Type): TsOption[] | undefined {
  const parts = type.isUnion() ? type.types : [type];
  const objects = parts.filter(
    (part) =>
      (part.flags & ts.TypeFlags.Object) !== 0 &&
      !checker.isArrayType(part) &&
      !checker.isTupleType(part) &&
      part.getCallSignatures().length === 0 &&
      !isBuiltinObject(part),
  );
  const intersections = parts.filter((part) => part.isIntersection());
  if (!objects.length && !intersections.length) return undefined;
  const seen = new Map<string, TsOption>();
  for (const part of [...objects, ...intersections]) {
    for (const property of checker.getPropertiesOfType(part)) {
      if (seen.has(property.getName())) continue;
      const propertyType = checker.getTypeOfSymbol(property);
      seen.set(property.getName(), {
        name: property.getName(),
        type: checker.typeToString(propertyType, undefined, ts.TypeFormatFlags.NoTruncation),
        optional: (property.flags & ts.SymbolFlags.Optional) !== 0,
        doc: docOf(checker, property),
      });
    }
  }
  return [...seen.values()];
}

function isBuiltinObject(type: ts.Type): boolean {
  const name = type.getSymbol()?.getName();
  return name === 'Set' || name === 'Map' || name === 'Buffer' || name === 'Uint8Array' || name === 'Date';
}

function isPrivate(declaration: ts.Declaration): boolean {
  const flags = ts.getCombinedModifierFlags(declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return true;
  if (ts.isPropertyDeclaration(declaration) || ts.isMethodDeclaration(declaration)) {
    if (ts.isPrivateIdentifier(declaration.name)) return true;
  }
  return isInternal(declaration);
}

function isInternal(declaration: ts.Declaration | undefined): boolean {
  if (!declaration) return false;
  return ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'internal');
}

function docOf(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

// ---------------------------------------------------------------------------------------------
// The comparison

export interface ParamMatch {
  python: PythonParam;
  /** `name` (positional), `options.name` (a property of an options object), `...name` (rest). */
  typescript: string | undefined;
}

export interface MemberReport {
  member: PythonMember;
  ts: TsMember | undefined;
  params: ParamMatch[];
  problems: string[];
}

export interface ClassReport {
  python: PythonClassData | PythonFunctionData;
  kind: 'class' | 'function';
  ts: TsExport | undefined;
  members: MemberReport[];
  problems: string[];
}

export interface SurfaceReport {
  fixture: SurfaceFixture;
  classes: ClassReport[];
  /** Every problem, one line each (`Class.member: what is wrong`). */
  problems: string[];
  counts: {
    members: number;
    membersMissing: number;
    params: number;
    paramsMissing: number;
  };
}

export function compareSurface(fixture: SurfaceFixture, exports: Map<string, TsExport>): SurfaceReport {
  const members = pythonMembers(fixture);
  const classes: ClassReport[] = [];
  for (const cls of fixture.classes) {
    const tsClass = exports.get(cls.name);
    const problems: string[] = [];
    if (tsClass?.kind !== 'class') problems.push(`${cls.name}: no exported class`);
    else {
      const base = cls.bases[0] === 'Exception' ? undefined : cls.bases[0];
      if (base && tsClass.base !== base)
        problems.push(`${cls.name}: extends ${tsClass.base}, python: ${base}`);
    }
    const reports = members
      .filter((member) => member.pythonClass === cls.name)
      .map((member) => compareMember(member, tsClass));
    classes.push({ python: cls, kind: 'class', ts: tsClass, members: reports, problems });
  }
  for (const fn of fixture.functions) {
    const name = camelCase(fn.name);
    const tsFunction = exports.get(name);
    const member: PythonMember = {
      pythonClass: fn.module,
      python: fn.name,
      kind: 'method',
      settable: false,
      params: fn.params,
      hasAsyncTwin: false,
      typescript: name,
    };
    const asMember: TsMember | undefined =
      tsFunction?.kind === 'function'
        ? {
            name,
            kind: 'method',
            static: true,
            writable: false,
            signatures: tsFunction.signatures,
            type: undefined,
            doc: tsFunction.doc,
            aliasOf: undefined,
          }
        : undefined;
    const report = compareParams(member, asMember);
    classes.push({
      python: fn,
      kind: 'function',
      ts: tsFunction,
      members: [report],
      problems: tsFunction?.kind === 'function' ? [] : [`${fn.name}: no exported function ${name}`],
    });
  }
  const problems = classes.flatMap((cls) => [...cls.problems, ...cls.members.flatMap((m) => m.problems)]);
  const allMembers = classes.flatMap((cls) => cls.members);
  return {
    fixture,
    classes,
    problems,
    counts: {
      members: allMembers.length,
      membersMissing: allMembers.filter((m) => !m.ts).length,
      params: allMembers.reduce((sum, m) => sum + m.params.length, 0),
      paramsMissing: allMembers.reduce((sum, m) => sum + m.params.filter((p) => !p.typescript).length, 0),
    },
  };
}

function compareMember(member: PythonMember, tsClass: TsExport | undefined): MemberReport {
  const where = `${member.pythonClass}.${member.python}`;
  const ts = tsClass?.members.get(member.typescript);
  if (!ts) {
    return {
      member,
      ts: undefined,
      params: member.params.map((python) => ({ python, typescript: undefined })),
      problems: [`${where}: no ${member.typescript}`],
    };
  }
  const problems: string[] = [];
  if ((member.kind === 'method' || member.kind === 'staticmethod') && ts.kind !== 'method') {
    problems.push(`${where}: ${member.typescript} is not a method`);
  }
  if (member.kind === 'property' && ts.kind !== 'property') {
    problems.push(`${where}: ${member.typescript} is not a property`);
  }
  if (member.kind === 'property' && member.settable && !ts.writable) {
    problems.push(`${where}: ${member.typescript} is read-only, python's can be set`);
  }
  if (member.kind === 'staticmethod' && !ts.static)
    problems.push(`${where}: ${member.typescript} is not static`);
  if (member.kind === 'property' || member.kind === 'attribute') return { member, ts, params: [], problems };
  const report = compareParams(member, ts);
  return { ...report, problems: [...problems, ...report.problems] };
}

function compareParams(member: PythonMember, ts: TsMember | undefined): MemberReport {
  const where = `${member.pythonClass}.${member.python}`;
  if (!ts) {
    return {
      member,
      ts,
      params: member.params.map((python) => ({ python, typescript: undefined })),
      problems: [],
    };
  }
  const isConstructor = member.kind === 'constructor';
  const positional = new Map<string, { index: number; rest: boolean; initializer: string | undefined }>();
  const options = new Map<string, { optional: boolean }>();
  let hasOptionsObject = false;
  let hasRest = false;
  let positionalCount = 0;
  const pythonNames = new Set(member.params.map((p) => camelCase(p.name)));
  for (const signature of ts.signatures) {
    signature.params.forEach((param, index) => {
      if (!positional.has(param.name)) {
        positional.set(param.name, { index, rest: param.rest, initializer: param.initializer });
      }
      if (param.rest) hasRest = true;
      // An object parameter that is not itself a python parameter is an options object.
      if (param.properties && !pythonNames.has(param.name)) {
        hasOptionsObject = true;
        for (const option of param.properties) {
          const known = options.get(option.name);
          options.set(option.name, { optional: (known?.optional ?? true) && option.optional });
        }
      } else positionalCount = Math.max(positionalCount, index + 1);
    });
  }
  const params: ParamMatch[] = [];
  const problems: string[] = [];
  member.params.forEach((python, pythonIndex) => {
    const name = camelCase(python.name);
    const match = positional.get(name);
    const option = options.get(name);
    let typescript: string | undefined;
    if (python.kind === 'var_positional') {
      typescript = match ? `...${name}` : hasRest || positionalCount > 0 ? '...' : undefined;
    } else if (python.kind === 'var_keyword') {
      typescript = match ? name : hasOptionsObject ? 'options' : hasRest ? '...' : undefined;
    } else if (match) {
      typescript = match.rest ? `...${name}` : name;
      // A positional call ported from python must mean the same: same parameter, same place.
      if (python.kind === 'positional' && match.index !== pythonIndex) {
        problems.push(`${where}: ${name} is parameter ${match.index + 1} here, ${pythonIndex + 1} in python`);
      }
      // A literal default written on both sides must agree (options' defaults live in the code).
      const pythonDefault = literal(python.default);
      const tsDefault = literal(match.initializer);
      if (pythonDefault !== undefined && tsDefault !== undefined && pythonDefault !== tsDefault) {
        problems.push(`${where}: ${name} defaults to ${match.initializer} here, ${python.default} in python`);
      }
    } else if (option) {
      typescript = `options.${name}`;
      if (python.required && !isConstructor)
        problems.push(`${where}: ${name} is required in python but an option here`);
      if (python.required && isConstructor && option.optional) {
        problems.push(`${where}: ${name} is required in python but optional here`);
      }
    } else if (name === 'query' && hasOptionsObject) {
      // python's `query` dict of URL parameters: here they are the options object's own fields.
      typescript = 'options';
    }
    params.push({ python, typescript });
    if (!typescript) problems.push(`${where}: no parameter or option ${name}`);
  });
  return { member, ts, params, problems };
}

/** A python or TypeScript literal in one spelling (`True`→`true`, `None`→`undefined`, one quote style). */
function literal(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const text = source.trim();
  if (text === 'True' || text === 'true') return 'true';
  if (text === 'False' || text === 'false') return 'false';
  if (text === 'None' || text === 'undefined' || text === 'null') return 'undefined';
  if (/^-?\d+(\.\d+)?$/.test(text)) return String(Number(text));
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return JSON.stringify(quoted[2]);
  return undefined;
}
