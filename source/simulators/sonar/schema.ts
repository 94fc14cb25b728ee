// Loads the committed schema subset once per process and gives Int64Bit Sonar's wire format:
// ids go out as JSON strings and come in as numbers or numeric strings (sonar-api.md §2.1, B5).
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  GraphQLError,
  type GraphQLScalarType,
  type GraphQLSchema,
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type ValueNode,
} from 'graphql';
import type { LeafField } from './search.js';

function toInt64(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  throw new GraphQLError(`Int64Bit cannot represent ${JSON.stringify(value)}.`);
}

function parseInt64Literal(node: ValueNode): number {
  if (node.kind === Kind.INT || node.kind === Kind.STRING) return toInt64(node.value);
  throw new GraphQLError(`Int64Bit cannot represent a ${node.kind} literal.`, { nodes: node });
}

export interface LoadedSchema {
  schema: GraphQLSchema;
  /** Scalar and enum fields per object type, for filters, sorters and general search. */
  leafFields: ReadonlyMap<string, ReadonlyMap<string, LeafField>>;
}

let loaded: LoadedSchema | undefined;

/** The subset schema without resolvers; resolvers.ts wires them (once, context-driven). */
export function loadSonarSchema(): LoadedSchema {
  if (loaded) return loaded;
  const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
  const schema = buildSchema(sdl);
  const int64 = schema.getType('Int64Bit') as GraphQLScalarType;
  int64.serialize = (value) => String(toInt64(value));
  int64.parseValue = toInt64;
  int64.parseLiteral = parseInt64Literal;

  const leafFields = new Map<string, Map<string, LeafField>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = new Map<string, LeafField>();
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isLeafType(named)) continue;
      const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
      fields.set(field.name, { scalar: named.name, list: isListType(unwrapped) });
    }
    leafFields.set(type.name, fields);
  }
  loaded = { schema, leafFields };
  return loaded;
}
