// Sonar simulator throughput on a generated dataset: nested accounts pages of 500 (the
// migration's heaviest read) and small lookups. Prints requests/second and ms per page.
// Run: npx tsx bench/sonar-simulator.ts [accounts] [pages]   (defaults 10000 40)
import { startSonarSimulator } from '../source/simulators/sonar/server.js';
import { generateSonarDataset } from '../source/simulators/sonar-dataset/generate.js';

const accounts = Number(process.argv[2] ?? 10_000);
const pages = Number(process.argv[3] ?? 40);

const NESTED_PAGE = `query($p: Int!) { accounts(include_archived: true, paginator: {page: $p, records_per_page: 500},
  sorter: [{attribute: "id", direction: ASC}]) {
  page_info { page total_pages total_count }
  entities {
    id name account_status_id account_type_id company_id parent_account_id activation_date created_at archived_at
    account_status { id name activates_account }
    account_billing_parameter { bill_day due_days grace_days }
    account_groups { entities { id name } }
    addresses { entities { id type line1 line2 city zip subdivision country latitude longitude serviceable } }
    contacts { entities { id name primary email_address
      phone_numbers { entities { number number_formatted phone_number_type { name } } } } }
    account_services { entities { id quantity name_override price_override
      service { id name type amount data_service_detail { download_speed_kilobits_per_second upload_speed_kilobits_per_second } } } }
  } } }`;

const SIMPLE = `query($id: Int64Bit) { accounts(id: $id) { entities { id name account_status { name } } } }`;

const generatedAt = performance.now();
const dataset = generateSonarDataset({ seed: 1, accounts });
const generateMs = performance.now() - generatedAt;
const sim = await startSonarSimulator({ dataset });

async function post(query: string, variables: Record<string, unknown>): Promise<number> {
  const response = await fetch(sim.endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  return text.length;
}

try {
  // The first request builds the lazy indexes; report it apart from the steady state.
  const warmStarted = performance.now();
  await post(NESTED_PAGE, { p: 1 });
  const firstPageMs = performance.now() - warmStarted;

  const totalPages = Math.ceil(dataset.tables.accounts.length / 500);
  let bytes = 0;
  const nestedStarted = performance.now();
  for (let i = 0; i < pages; i++) bytes += await post(NESTED_PAGE, { p: (i % totalPages) + 1 });
  const nestedMs = performance.now() - nestedStarted;

  const simpleCount = 2_000;
  const simpleStarted = performance.now();
  for (let i = 0; i < simpleCount; i++) {
    await post(SIMPLE, { id: dataset.tables.accounts[i % accounts]!.id });
  }
  const simpleMs = performance.now() - simpleStarted;

  const concurrent = 8;
  const concurrentStarted = performance.now();
  await Promise.all(
    Array.from({ length: concurrent }, async (_, worker) => {
      for (let i = worker; i < simpleCount; i += concurrent) {
        await post(SIMPLE, { id: dataset.tables.accounts[i % accounts]!.id });
      }
    }),
  );
  const concurrentMs = performance.now() - concurrentStarted;

  console.log(`dataset: ${accounts} accounts generated in ${generateMs.toFixed(0)} ms`);
  console.log(`first nested page (builds indexes): ${firstPageMs.toFixed(1)} ms`);
  console.log(
    `nested pages of 500: ${pages} in ${nestedMs.toFixed(0)} ms → ${(nestedMs / pages).toFixed(1)} ms/page, ` +
      `${((pages * 1000) / nestedMs).toFixed(1)} req/s, ${(bytes / pages / 1024).toFixed(0)} KiB/page`,
  );
  console.log(
    `simple lookups: ${simpleCount} sequential in ${simpleMs.toFixed(0)} ms → ${((simpleCount * 1000) / simpleMs).toFixed(0)} req/s`,
  );
  console.log(
    `simple lookups: ${simpleCount} with ${concurrent} in flight in ${concurrentMs.toFixed(0)} ms → ${((simpleCount * 1000) / concurrentMs).toFixed(0)} req/s`,
  );
} finally {
  await sim.close();
}
