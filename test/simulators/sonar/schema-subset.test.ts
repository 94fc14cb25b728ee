// The subset is a contract: anything the simulator accepts must exist, with the same type, in the
// real schema, so a query that validates here validates against a real Sonar instance too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  print,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSubsetSdl } from '../../../source/simulators/sonar/build-subset.js';

const realSdl = readFileSync(
  path.resolve(process.cwd(), '../shared/reference/sonar/schema.graphql'),
  'utf8',
);
const subsetSdl = readFileSync(
  new URL('../../../source/simulators/sonar/schema.graphql', import.meta.url),
  'utf8',
);
const real = buildSchema(`schema { query: Query mutation: Mutation }\n${realSdl}`, {
  assumeValidSDL: true,
});

/** Every difference between `ours` and `real`, as readable lines (empty = conforms). */
function differences(ours: GraphQLSchema): string[] {
  const problems: string[] = [];
  const compareField = (
    where: string,
    mine: GraphQLField<unknown, unknown>,
    theirs: GraphQLField<unknown, unknown> | undefined,
  ) => {
    if (!theirs) return problems.push(`${where}: no such field`);
    if (String(mine.type) !== String(theirs.type))
      problems.push(`${where}: ${mine.type} vs real ${theirs.type}`);
    for (const arg of mine.args) {
      const realArg = theirs.args.find((a) => a.name === arg.name);
      if (!realArg) problems.push(`${where}(${arg.name}): no such argument`);
      else if (String(arg.type) !== String(realArg.type))
        problems.push(`${where}(${arg.name}): ${arg.type} vs real ${realArg.type}`);
      else if (JSON.stringify(arg.defaultValue) !== JSON.stringify(realArg.defaultValue))
        problems.push(`${where}(${arg.name}): default differs`);
    }
    for (const realArg of theirs.args) {
      if (!mine.args.some((a) => a.name === realArg.name))
        problems.push(`${where}(${realArg.name}): real argument missing`);
    }
  };
  for (const type of Object.values(ours.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const theirs: GraphQLNamedType | undefined = real.getType(type.name) ?? undefined;
    if (!theirs) {
      problems.push(`${type.name}: no such type`);
      continue;
    }
    if (theirs.constructor !== type.constructor) {
      problems.push(`${type.name}: kind differs`);
      continue;
    }
    if (
      (isObjectType(type) && isObjectType(theirs)) ||
      (isInterfaceType(type) && isInterfaceType(theirs))
    ) {
      const realFields = theirs.getFields();
      for (const field of Object.values(type.getFields()))
        compareField(`${type.name}.${field.name}`, field, realFields[field.name]);
      const realInterfaces = theirs.getInterfaces().map((i) => i.name);
      for (const i of type.getInterfaces())
        if (!realInterfaces.includes(i.name)) problems.push(`${type.name} implements ${i.name}`);
    } else if (isInputObjectType(type) && isInputObjectType(theirs)) {
      const realFields = theirs.getFields();
      for (const field of Object.values(type.getFields())) {
        const realField = realFields[field.name];
        if (!realField) problems.push(`${type.name}.${field.name}: no such input field`);
        else if (String(field.type) !== String(realField.type))
          problems.push(`${type.name}.${field.name}: ${field.type} vs real ${realField.type}`);
      }
    } else if (isEnumType(type) && isEnumType(theirs)) {
      const realValues = new Set(theirs.getValues().map((v) => v.name));
      for (const value of type.getValues())
        if (!realValues.has(value.name)) problems.push(`${type.name}.${value.name}: no such value`);
    } else if (isUnionType(type) && isUnionType(theirs)) {
      const realMembers = new Set(theirs.getTypes().map((t) => t.name));
      for (const member of type.getTypes())
        if (!realMembers.has(member.name)) problems.push(`${type.name} | ${member.name}`);
    } else if (!isScalarType(type)) problems.push(`${type.name}: unexpected kind`);
  }
  return problems;
}

describe('Sonar schema subset', () => {
  const ours = buildSchema(subsetSdl);

  it('is exactly what build-subset.ts prints (regenerate after changing relations.ts)', () => {
    // Compared as printed ASTs: biome may reformat the committed file.
    expect(print(parse(subsetSdl))).toBe(print(parse(buildSubsetSdl(realSdl))));
  });

  it('declares its query root explicitly and has no mutation or subscription root', () => {
    expect(ours.getQueryType()?.name).toBe('Query');
    expect(ours.getMutationType()).toBeUndefined();
    expect(ours.getSubscriptionType()).toBeUndefined();
  });

  it('contains only types, fields, arguments and values of the real schema, with real types', () => {
    expect(differences(ours)).toEqual([]);
  });

  it('keeps the roots, relations and scalar fields the migration reads', () => {
    const query = ours.getQueryType()!.getFields();
    expect(Object.keys(query).sort()).toContain('accounts');
    expect(query.accounts!.args.map((a) => a.name)).toContain('include_archived');
    expect(String(query.transactions!.type)).toBe('TransactionConnection!');
    const account = ours.getType('Account');
    if (!isObjectType(account)) throw new Error('Account is not an object type');
    expect(Object.keys(account.getFields())).toEqual(
      expect.arrayContaining(['id', 'archived_at', 'account_billing_parameter', 'account_groups']),
    );
    expect(account.getInterfaces().map((i) => i.name)).toEqual([
      'AddressableInterface',
      'ContactableInterface',
      'IpassignmentableInterface',
      'NoteableInterface',
    ]);
  });

  it('catches a made-up field, a wrong type and a dropped argument', () => {
    const tampered = print(parse(subsetSdl))
      .replace(/(type Account implements [^{]+\{)/, '$1\n  favourite_colour: String')
      .replace('  line1: String\n', '  line1: String!\n')
      .replace(/(type Query \{\n(?:.*\n)*? {2}accounts\([^)]*?)include_archived: Boolean, /, '$1');
    expect(differences(buildSchema(tampered))).toEqual([
      'Account.favourite_colour: no such field',
      'Address.line1: String! vs real String',
      'Query.accounts(include_archived): real argument missing',
    ]);
  });
});
