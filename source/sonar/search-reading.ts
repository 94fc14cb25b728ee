// Which way this Sonar combines entries on one attribute inside one Search object. The docs say
// every field in a Search is ANDed (sonar-api.md §2.4), and seankndy/fluent-sonar-api relies on
// it: its CriteriaGroup::toArray (src/Queries/Search/CriteriaGroup.php) puts every chained
// where() of a group into one Search object, a range's two bounds in one integer_fields list,
// while Search::where(field, [a, b]) makes one Search object per value. LibreQoS relies on the
// opposite: getSitesAndAps (src/integrationSonar.py) puts one `inventory_model_id EQ` entry per
// model in a single integer_fields list and expects their union, which only works if
// same-attribute entries are ORed. Ranges hang on it: `id GTE a` + `id LTE b` is [a, b] under
// AND and every row under OR. One cheap probe per client settles it: `id GTE 1` + `id LTE 0`
// matches nothing under AND and every account under OR.
import * as v from 'valibot';
import type { SonarClient } from './client.js';
import { intSchema } from './wire.js';

export type SearchReading = 'and' | 'or';

export const PROBE_QUERY = `query SonarSearchProbe($search: [Search]) {
  accounts(paginator: {page: 1, records_per_page: 1}, search: $search, include_archived: true) {
    page_info { total_count }
  }
}`;

/** `id GTE 1` and `id LTE 0` in one Search object: nothing under AND, every account under OR. */
export const PROBE_VARIABLES = {
  search: [
    {
      integer_fields: [
        { attribute: 'id', search_value: 1, operator: 'GTE' },
        { attribute: 'id', search_value: 0, operator: 'LTE' },
      ],
    },
  ],
};

const probeSchema = v.object({
  accounts: v.object({ page_info: v.object({ total_count: intSchema }) }),
});

const cache = new WeakMap<SonarClient, Promise<SearchReading>>();

/** The reading of this client's Sonar, probed on first use and then remembered. */
export function searchReading(client: SonarClient, signal?: AbortSignal): Promise<SearchReading> {
  const known = cache.get(client);
  if (known) return known;
  const probe = client
    .query('SonarSearchProbe', PROBE_QUERY, PROBE_VARIABLES, probeSchema, signal)
    .then((data): SearchReading => (data.accounts.page_info.total_count > 0 ? 'or' : 'and'));
  // A failed probe (aborted, Sonar down) is not an answer: the next caller asks again.
  probe.catch(() => cache.delete(client));
  cache.set(client, probe);
  return probe;
}
