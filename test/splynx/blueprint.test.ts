// The blueprint reader on small blocks written for the purpose, then on the real file.
import { describe, expect, it } from 'vitest';
import {
  attributesOf,
  familyOf,
  findAction,
  loadBlueprint,
  parseBlueprint,
  templatePath,
} from './blueprint.js';

const BLOCK = `FORMAT: 1A

# Splynx API v2.0

## Response codes
### Successful codes
- 201 (Created, POST method) - Use for create object

# Group Base requests

## Base requests for many of endpoints [/example/entity/endpoint]

### Get attributes of an entity [OPTIONS]

+ Response 200 (application/json)
    + Attributes (array[Base options response, Base options with AFs response])

### Get amount of entities [HEAD]

+ Response 204 (application/json)
    + Headers

            X-total-count: 12

# Group Widgets

## Widgets collection [/admin/widgets]

### Create a Widget [POST]

+ Request (application/json)
    + Attributes (Widget Base)

+ Response 201 (application/json)
    + Attributes (Widget Id)

### List all Widgets [GET]

+ Response 200 (application/json)
  + Attributes (array[Widget Response])

## Widget [/admin/widgets/{id}]

+ Parameters
    + id (required, number, \`1\`) ... The ID.

### Update a Widget [PUT]

+ Request (application/json)

        {
            "name": Omega
        }

+ Response 202 (application/json)

### Delete a Widget [DELETE]

+ Response 204

## Widget parts [/admin/widgets/{widget_id}/parts--{part_id}]

### Retrieve a part [GET]

+ Response 200 (application/json)
    + Attributes (Part)

### Search widgets [GET /admin/widgets/0/parts?{params}]

+ Response 200 (application/json)
    + Attributes (array[Part])

# Data Structures

## Widget Base (object)
+ name: \`Alpha\` (string, required) - Name, e.g. (not a type)
+ \`colour\`: \`red\` (string) - Colour
+ size (number, optional) - No example value
+ \`login\` \`w_main\` (string, required) - A value without its colon, as the real file has
    + Members
        + \`nested\` - not a top-level attribute

## Widget Response(Widget Base)
+ id: \`1\` (number, required) - Widget ID

## Widget Id (object)
+ id: \`1\` (number, required) - Widget ID

## Part
+ label: x (string)

## Base options response (object)
+ name: \`module\` (string)
+ required: \`true\` (boolean)

## Base options with AFs response (object)
+ name: \`ip\` (string)
+ module: \`paypal\` (string)

# Stray Response (Widget Id)
`;

describe('parseBlueprint on known blocks', () => {
  const bp = parseBlueprint(BLOCK);

  it('reads resources and actions, with their URI templates, from groups only', () => {
    expect(bp.actions.map((a) => [a.group, a.method, a.uri, a.name])).toEqual([
      ['Base requests', 'OPTIONS', '/example/entity/endpoint', 'Get attributes of an entity'],
      ['Base requests', 'HEAD', '/example/entity/endpoint', 'Get amount of entities'],
      ['Widgets', 'POST', '/admin/widgets', 'Create a Widget'],
      ['Widgets', 'GET', '/admin/widgets', 'List all Widgets'],
      ['Widgets', 'PUT', '/admin/widgets/{id}', 'Update a Widget'],
      ['Widgets', 'DELETE', '/admin/widgets/{id}', 'Delete a Widget'],
      ['Widgets', 'GET', '/admin/widgets/{widget_id}/parts--{part_id}', 'Retrieve a part'],
      ['Widgets', 'GET', '/admin/widgets/0/parts?{params}', 'Search widgets'],
    ]);
  });

  it('reads each response: status, and Attributes (Name) / (array[Name]) but never a request’s', () => {
    const responses = Object.fromEntries(
      bp.actions.map((a) => [`${a.method} ${a.uri}`, a.responses]),
    );
    expect(responses['POST /admin/widgets']).toEqual([
      { status: 201, attributes: { array: false, types: ['Widget Id'] } },
    ]);
    expect(responses['GET /admin/widgets']).toEqual([
      { status: 200, attributes: { array: true, types: ['Widget Response'] } },
    ]);
    expect(responses['OPTIONS /example/entity/endpoint']).toEqual([
      {
        status: 200,
        attributes: {
          array: true,
          types: ['Base options response', 'Base options with AFs response'],
        },
      },
    ]);
    expect(responses['PUT /admin/widgets/{id}']).toEqual([{ status: 202 }]);
    expect(responses['DELETE /admin/widgets/{id}']).toEqual([{ status: 204 }]);
    expect(responses['HEAD /example/entity/endpoint']).toEqual([{ status: 204 }]);
  });

  it('reads data structures: top-level names only, backticks, no colon, (Base) without a space', () => {
    expect(bp.structures.get('Widget Base')).toEqual({
      name: 'Widget Base',
      base: 'object',
      own: ['name', 'colour', 'size', 'login'],
      required: ['name', 'login'],
    });
    expect(bp.structures.get('Widget Response')?.base).toBe('Widget Base');
    expect(bp.structures.get('Part')).toMatchObject({ base: 'object', own: ['label'] });
    expect(bp.structures.get('Stray Response')).toMatchObject({ base: 'Widget Id', own: [] });
  });

  it('inherits a base’s attributes, base first', () => {
    expect(attributesOf(bp, 'Widget Response')).toEqual({
      all: ['name', 'colour', 'size', 'login', 'id'],
      required: ['name', 'login', 'id'],
    });
    expect(attributesOf(bp, 'Stray Response').all).toEqual(['id']);
    expect(attributesOf(bp, 'No such structure').all).toEqual([]);
  });

  it('finds the action a request reaches: most specific template, Base requests for OPTIONS/HEAD', () => {
    const at = (method: string, path: string) => findAction(bp, method, path)?.name;
    expect(at('POST', 'admin/widgets')).toBe('Create a Widget');
    expect(at('DELETE', 'admin/widgets/12')).toBe('Delete a Widget');
    expect(at('GET', 'admin/widgets/3/parts--4')).toBe('Retrieve a part');
    expect(at('GET', 'admin/widgets/0/parts?main_attributes[x]=1')).toBe('Search widgets');
    expect(at('OPTIONS', 'admin/widgets')).toBe('Get attributes of an entity');
    expect(at('HEAD', 'admin/widgets')).toBe('Get amount of entities');
    expect(at('GET', 'admin/widgets/12')).toBeUndefined();
    expect(at('PATCH', 'admin/widgets/12')).toBeUndefined();
  });

  it('names a template’s collection', () => {
    expect(templatePath('/admin/widgets/0/parts?{params}')).toBe('admin/widgets/0/parts');
    expect(familyOf('/admin/customers/customer-notes/{customer_id}--{id}')).toBe(
      'admin/customers/customer-notes',
    );
    expect(familyOf('/admin/widgets/{widget_id}/parts--{part_id}')).toBe(
      'admin/widgets/{widget_id}/parts',
    );
  });
});

describe('the real blueprint (../shared/reference/splynx/api-blueprint.apib)', () => {
  const bp = loadBlueprint();
  const answer = (method: string, path: string) => {
    const action = findAction(bp, method, path);
    return action?.responses.map((r) => ({
      status: r.status,
      ...(r.attributes
        ? {
            array: r.attributes.array,
            attributes: r.attributes.types.flatMap((t) => attributesOf(bp, t).all),
          }
        : {}),
    }));
  };

  it('is read whole: hundreds of actions and structures', () => {
    expect(bp.actions.length).toBeGreaterThan(500);
    expect(bp.structures.size).toBeGreaterThan(350);
  });

  it('Create Additional Field answers 201 with attributes [name]', () => {
    const action = findAction(bp, 'POST', 'admin/config/additional-fields/customers');
    expect(action?.name).toBe('Create Additional Field');
    expect(answer('POST', 'admin/config/additional-fields/customers')).toEqual([
      { status: 201, array: false, attributes: ['name'] },
    ]);
  });

  it('every other create s2s sends answers 201 with attributes [id]', () => {
    for (const path of [
      'admin/administration/partners',
      'admin/administration/administrators',
      'admin/config/labels',
      'admin/tariffs/internet',
      'admin/tariffs/recurring',
      'admin/tariffs/one-time',
      'admin/networking/ipv4',
      'admin/networking/ipv6',
      'admin/config/inventory-stocks',
      'admin/inventory/vendors',
      'admin/inventory/suppliers',
      'admin/inventory/products',
      'admin/inventory/items',
      'admin/customers/customer',
      'admin/customers/customer/7/internet-services',
      'admin/customers/customer/7/recurring-services',
      'admin/customers/customer-notes',
      'admin/finance/transactions',
    ]) {
      expect([path, answer('POST', path)]).toEqual([
        path,
        [{ status: 201, array: false, attributes: ['id'] }],
      ]);
    }
  });

  it('reads inherited records, updates without a body, OPTIONS as one array of both entry kinds', () => {
    const service = answer('GET', 'admin/customers/customer/7/internet-services--3')?.[0];
    expect(service).toMatchObject({ status: 200, array: false });
    expect(service?.attributes).toEqual(
      expect.arrayContaining(['id', 'customer_id', 'tariff_id', 'login', 'mac', 'geo']),
    );
    expect(answer('PUT', 'admin/customers/customer-billing/7')).toEqual([{ status: 202 }]);
    expect(answer('DELETE', 'admin/customers/customer/7')).toEqual([{ status: 204 }]);
    expect(answer('HEAD', 'admin/customers/customer')).toEqual([{ status: 204 }]);
    const options = findAction(bp, 'OPTIONS', 'admin/customers/customer')?.responses[0];
    expect(options?.attributes).toEqual({
      array: true,
      types: ['Base options response', 'Base options with AFs response'],
    });
    expect(attributesOf(bp, 'Base options with AFs response').all).toEqual(
      expect.arrayContaining(['name', 'required', 'module', 'is_unique', 'searchable']),
    );
  });

  it('documents no DELETE of a customer comment (the blueprint has GET only)', () => {
    expect(findAction(bp, 'GET', 'admin/customers/customer-notes/4--9')?.name).toBe(
      'Retrieve a customer comment',
    );
    expect(findAction(bp, 'DELETE', 'admin/customers/customer-notes/4--9')).toBeUndefined();
  });
});
