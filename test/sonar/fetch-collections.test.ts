// Paging several collections in one request each round, until total_pages or an empty page.
import { describe, expect, it } from 'vitest';
import { SonarClient } from '../../source/sonar/client.js';
import { extractFoundation } from '../../source/sonar/extract-foundation.js';
import { extractNetwork } from '../../source/sonar/extract-network.js';
import { mockSonar, page, TOKEN } from './mock-sonar.js';

const supernet = (id: string) => ({ id, name: `net ${id}`, subnet: `10.${id}.0.0/16` });

describe('fetchCollections through extractNetwork', () => {
  it('advances only the collections with pages left and stops on total_pages or an empty page', async () => {
    const { agent, seen } = mockSonar((request) => {
      const p = (alias: string) =>
        (request.variables[`p_${alias}`] as { page: number } | undefined)?.page;
      const data: Record<string, unknown> = {};
      const sp = p('supernets');
      if (sp !== undefined)
        data.supernets = page(
          sp === 3 ? [supernet('5')] : [supernet(String(sp * 2 - 1)), supernet(String(sp * 2))],
          sp,
          3,
          2,
        );
      const sub = p('subnets');
      if (sub !== undefined)
        data.subnets = page(
          [{ id: '9', name: null, subnet: '2605:a000::/48', supernet_id: '1', type: 'MIXED' }],
          sub,
          1,
          2,
        );
      // Claims 5 pages but page 2 is empty: the loop must stop there.
      const pool = p('ip_pools');
      if (pool !== undefined)
        data.ip_pools = page(
          pool === 1
            ? [{ id: '4', name: 'dhcp', ip_range: '10.1.0.10-10.1.0.20', subnet_id: '9' }]
            : [],
          pool,
          5,
          2,
        );
      return { body: { data } };
    });
    const client = new SonarClient({
      url: 'https://acme.sonar.software',
      token: TOKEN,
      dispatcher: agent,
    });
    const network = await extractNetwork(client, { pageSize: 2 });

    expect(seen.map((r) => r.variables)).toEqual([
      {
        p_supernets: { page: 1, records_per_page: 2 },
        p_subnets: { page: 1, records_per_page: 2 },
        p_ip_pools: { page: 1, records_per_page: 2 },
      },
      {
        p_supernets: { page: 2, records_per_page: 2 },
        p_ip_pools: { page: 2, records_per_page: 2 },
      },
      { p_supernets: { page: 3, records_per_page: 2 } },
    ]);
    expect(seen[2]?.query).not.toContain('ip_pools');
    expect(seen[0]?.query).toContain('sorter: [{attribute: "id", direction: ASC}]');
    expect(network.supernets.map((s) => s.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(network.subnets).toEqual([
      {
        id: '9',
        name: null,
        subnet: '2605:a000::/48',
        supernet_id: '1',
        type: 'MIXED',
        ip_version: 6,
      },
    ]);
    expect(network.supernets[0]).toEqual({
      id: '1',
      name: 'net 1',
      subnet: '10.1.0.0/16',
      ip_version: 4,
    });
    expect(network.ip_pools).toHaveLength(1);
    expect(client.requests).toBe(3);
  });
});

describe('extractFoundation', () => {
  it('reads everything in one request and resolves role names and billing periods', async () => {
    const { agent, seen } = mockSonar(() => ({
      body: {
        data: {
          companies: page([{ id: '1', name: 'Acme ISP', default: true, enabled: true }], 1, 1),
          account_statuses: page([{ id: '1', name: 'Active', activates_account: true }], 1, 1),
          account_types: page([{ id: '2', name: 'Business', type: 'COMMERCIAL' }], 1, 1),
          account_groups: page([{ id: '3', name: 'VIP' }], 1, 1),
          roles: page([{ id: '5', name: 'Technician' }], 1, 1),
          users: page(
            [
              {
                id: '8',
                name: 'Ann',
                username: 'ann',
                email_address: 'ann@acme.test',
                mobile_number: '0123',
                enabled: true,
                is_sonar_staff: false,
                role_id: '5',
              },
              {
                id: '9',
                name: 'Bob',
                username: 'bob',
                email_address: 'bob@acme.test',
                enabled: false,
                role_id: null,
              },
            ],
            1,
            1,
          ),
          services: page(
            [
              {
                id: '20',
                name: 'Fiber 100',
                type: 'DATA',
                application: 'DEBIT',
                amount: 4999,
                enabled: true,
                company_id: '1',
                data_service_detail: {
                  download_speed_kilobits_per_second: 100000,
                  upload_speed_kilobits_per_second: 20000,
                  billing_frequency: 1,
                },
                recurring_service_detail: null,
              },
              {
                id: '21',
                name: 'Static IP',
                type: 'RECURRING',
                application: 'DEBIT',
                amount: 500,
                enabled: true,
                company_id: null,
                data_service_detail: null,
                recurring_service_detail: { billing_frequency: 12 },
              },
            ],
            1,
            1,
          ),
          taxes: page(
            [
              {
                id: '3',
                name: 'State Sales Tax',
                rate: 6.25,
                application: 'PERCENTAGE',
                type: 'GLOBAL',
              },
            ],
            1,
            1,
          ),
          service_taxes: page([{ id: '1', service_id: '20', tax_id: '3' }], 1, 1),
        },
      },
    }));
    const client = new SonarClient({
      url: 'https://acme.sonar.software',
      token: TOKEN,
      dispatcher: agent,
    });
    const foundation = await extractFoundation(client);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.operation).toBe('SonarFoundation');
    expect(foundation.users).toEqual([
      {
        id: '8',
        name: 'Ann',
        username: 'ann',
        email_address: 'ann@acme.test',
        mobile_number: '0123',
        enabled: true,
        is_sonar_staff: false,
        role_id: '5',
        role_name: 'Technician',
      },
      {
        id: '9',
        name: 'Bob',
        username: 'bob',
        email_address: 'bob@acme.test',
        mobile_number: null,
        enabled: false,
        is_sonar_staff: null,
        role_id: null,
        role_name: null,
      },
    ]);
    expect(foundation.services).toEqual([
      {
        id: '20',
        name: 'Fiber 100',
        type: 'DATA',
        application: 'DEBIT',
        amount: 4999,
        enabled: true,
        company_id: '1',
        data_service_detail: {
          download_speed_kilobits_per_second: 100000,
          upload_speed_kilobits_per_second: 20000,
          billing_frequency: 1,
        },
        billing_frequency: 1,
        times_to_run: null,
        tax_ids: ['3'],
      },
      {
        id: '21',
        name: 'Static IP',
        type: 'RECURRING',
        application: 'DEBIT',
        amount: 500,
        enabled: true,
        company_id: null,
        data_service_detail: null,
        billing_frequency: 12,
        times_to_run: null,
        tax_ids: [],
      },
    ]);
    expect(foundation.account_types).toEqual([{ id: '2', name: 'Business', type: 'COMMERCIAL' }]);
  });
});
