// Resolvers over the tables, wired once onto the shared subset schema. Everything per-server
// (store, page settings) travels in the context, so several simulators can share one schema.
import {
  type FieldNode,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import type { SonarRow } from '../sonar-dataset/tables.js';
import {
  type CollectionArgs,
  filterRows,
  type PageSettings,
  paginate,
  sortRows,
} from './collection.js';
import { narrowCandidates } from './narrow.js';
import {
  type EntityType,
  isEntityType,
  RELATIONS,
  type RelationSpec,
  ROOT_COLLECTIONS,
  TYPE_TABLES,
} from './relations.js';
import { loadSonarSchema } from './schema.js';
import type { FilterContext, SearchReading } from './search.js';
import type { SonarStore } from './store.js';

export interface SonarContext extends FilterContext {
  pages: PageSettings;
}

/** Stable and unique across types, like Sonar's opaque `sonar_unique_id`. */
export function sonarUniqueId(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

export function createSonarContext(
  store: SonarStore,
  pages: PageSettings,
  searchReading: SearchReading = 'mixed',
): SonarContext {
  const { leafFields } = loadSonarSchema();
  const empty = new Map();
  return {
    store,
    pages,
    searchReading,
    leafFields: (type) => leafFields.get(type) ?? empty,
    value(type, row, field) {
      if (field === 'sonar_unique_id') return sonarUniqueId(type, row.id);
      if (field === '_version' && isEntityType(type))
        return store.version(TYPE_TABLES[type], row.id);
      return row[field] ?? null;
    },
  };
}

type Resolver = GraphQLFieldResolver<SonarRow, SonarContext, CollectionArgs>;

/** Polymorphic results carry their concrete type for the interface's type resolver. */
function tagged(type: string, row: SonarRow): SonarRow {
  return Object.create(row, { __typename: { value: type, enumerable: false } });
}

/** Relations selected under `entities`, which ROOT_PLUS_RELATIONS general search looks through. */
function selectedRelations(type: string, info: GraphQLResolveInfo): string[] {
  const relations = RELATIONS[type] ?? {};
  const names: string[] = [];
  for (const node of info.fieldNodes) {
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind !== 'Field' || selection.name.value !== 'entities') continue;
      for (const inner of (selection as FieldNode).selectionSet?.selections ?? []) {
        if (inner.kind === 'Field' && Object.hasOwn(relations, inner.name.value))
          names.push(inner.name.value);
      }
    }
  }
  return names;
}

function rootCollection(type: EntityType): Resolver {
  return (_root, args, ctx, info) => {
    const table = TYPE_TABLES[type];
    let candidates: SonarRow[];
    if (args.id != null) {
      const row = ctx.store.byId(table, args.id);
      candidates = row ? [row] : [];
    } else {
      candidates = narrowCandidates(ctx, type, table, args.search ?? []) ?? ctx.store.rows(table);
    }
    const rows = filterRows(ctx, type, candidates, args, selectedRelations(type, info));
    return paginate(sortRows(ctx, type, rows, args.sorter), args.paginator, ctx.pages);
  };
}

function relationResolver(parentType: string, name: string, spec: RelationSpec): Resolver {
  if (spec.kind === 'owned-by') {
    return (parent, args, ctx) => {
      const [target] = ctx.store.related(parentType, parent, name);
      if (!target) return null;
      const [kept] = filterRows(ctx, target.type, [target.row], args);
      return kept ? tagged(target.type, kept) : null;
    };
  }
  const type = spec.type;
  if (spec.kind === 'belongs-to' || spec.kind === 'has-one') {
    return (parent, args, ctx) => {
      const rows = ctx.store.related(parentType, parent, name).map((item) => item.row);
      return filterRows(ctx, type, rows, args)[0] ?? null;
    };
  }
  // Nested connections return every row unless the query pages them or nestedPageSize is set.
  return (parent, args, ctx) => {
    const rows = ctx.store.related(parentType, parent, name).map((item) => item.row);
    const filtered = filterRows(ctx, type, rows, args);
    return paginate(sortRows(ctx, type, filtered, args.sorter), args.paginator, {
      defaultPageSize: ctx.pages.nestedPageSize ?? null,
      maxPageSize: ctx.pages.maxPageSize,
    });
  };
}

/** IPs per account however they are held: directly, by RADIUS/MAC records, or by its equipment. */
function accountOfAssignment(ctx: SonarContext, assignment: SonarRow): number | undefined {
  const { store } = ctx;
  let owner: SonarRow | undefined;
  const ownerType = assignment.ipassignmentable_type;
  const id = assignment.ipassignmentable_id;
  if (ownerType === 'Account') return Number(id);
  if (ownerType === 'RadiusAccount' || ownerType === 'UninventoriedMacAddress') {
    owner = store.byId(TYPE_TABLES[ownerType], id);
    return owner ? Number(owner.account_id) : undefined;
  }
  if (ownerType === 'InventoryModelFieldData') {
    const data = store.byId('inventory_model_field_data', id);
    owner = data ? store.byId('inventory_items', data.inventory_item_id) : undefined;
  } else if (ownerType === 'InventoryItem') {
    owner = store.byId('inventory_items', id);
  }
  if (owner?.inventoryitemable_type !== 'Address') return undefined;
  const address = store.byId('addresses', owner.inventoryitemable_id);
  return address?.addressable_type === 'Account' ? Number(address.addressable_id) : undefined;
}

const specialRoots: Record<string, Resolver> = {
  transactions: (_root, args, ctx) => {
    const rows =
      args.account_id == null
        ? ctx.store.rows('transactions')
        : ctx.store.where('transactions', ['account_id'], [args.account_id]);
    const { aggregations: _none, ...connection } = paginate([...rows], args.paginator, ctx.pages);
    return connection;
  },
  account_ip_assignments: (_root, args, ctx) => {
    const rows: SonarRow[] = [];
    for (const assignment of ctx.store.rows('ip_assignments')) {
      const accountId = accountOfAssignment(ctx, assignment);
      if (accountId === undefined) continue;
      if (args.account_id != null && accountId !== args.account_id) continue;
      rows.push({ id: assignment.id, account_id: accountId, subnet: assignment.subnet });
    }
    const { aggregations: _none, ...connection } = paginate(rows, args.paginator, ctx.pages);
    return connection;
  },
  // The token belongs to a user (§1.2): the simulator's token acts as the first super admin.
  me: (_root, _args, ctx) => {
    const users = ctx.store.rows('users');
    const user = users.find((u) => u.super_admin === true) ?? users[0];
    if (!user) throw new GraphQLError('Unauthenticated.');
    return {
      ...user,
      language: user.language ?? 'en',
      report_builder: false,
      report_viewer: false,
    };
  },
};

let wired: GraphQLSchema | undefined;

export function sonarExecutableSchema(): GraphQLSchema {
  if (wired) return wired;
  const { schema } = loadSonarSchema();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type)) {
      type.resolveType = (value: { __typename?: string }) => value.__typename;
      continue;
    }
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    if (type.name === 'Query') {
      for (const [name, field] of Object.entries(fields)) {
        const entity = ROOT_COLLECTIONS[name];
        field.resolve = entity ? rootCollection(entity) : specialRoots[name];
        if (!field.resolve) throw new Error(`No resolver for Query.${name}`);
      }
      continue;
    }
    const typeName = type.name;
    if (isEntityType(typeName)) {
      const table = TYPE_TABLES[typeName];
      if (fields.sonar_unique_id) {
        fields.sonar_unique_id.resolve = (row: SonarRow) => sonarUniqueId(typeName, row.id);
      }
      if (fields._version) {
        fields._version.resolve = (row: SonarRow, _args, ctx: SonarContext) =>
          ctx.store.version(table, row.id);
      }
    }
    for (const [name, spec] of Object.entries(RELATIONS[typeName] ?? {})) {
      const field = fields[name];
      if (!field) throw new Error(`Schema subset lacks ${typeName}.${name}`);
      field.resolve = relationResolver(typeName, name, spec) as typeof field.resolve;
    }
  }
  wired = schema;
  return schema;
}
