// The fixed vocabulary of the fake ISP: places, names, plans and hardware. Every enum value used here
// (Subdivision, UsCounty, Timezone, Icon, Permission, TechnologyCode) exists in the real Sonar schema.

export interface Place {
  city: string;
  subdivision: string;
  county: string;
  timezone: string;
  zips: readonly string[];
  latitude: number;
  longitude: number;
  areaCode: string;
}

const TX = { subdivision: 'US_TX', timezone: 'AMERICACHICAGO' } as const;
const WI = { subdivision: 'US_WI', timezone: 'AMERICACHICAGO' } as const;
const WV = { subdivision: 'US_WV', timezone: 'AMERICANEWYORK' } as const;

/** Towns served by company 1 (central Texas plus a Wisconsin acquisition). */
export const COMPANY_1_PLACES: readonly Place[] = [
  {
    ...TX,
    city: 'Austin',
    county: 'COUNTY_48453',
    zips: ['78704', '78745', '78748', '78749'],
    latitude: 30.2672,
    longitude: -97.7431,
    areaCode: '512',
  },
  {
    ...TX,
    city: 'Round Rock',
    county: 'COUNTY_48491',
    zips: ['78664', '78665', '78681'],
    latitude: 30.5083,
    longitude: -97.6789,
    areaCode: '512',
  },
  {
    ...TX,
    city: 'Georgetown',
    county: 'COUNTY_48491',
    zips: ['78626', '78628', '78633'],
    latitude: 30.6333,
    longitude: -97.677,
    areaCode: '512',
  },
  {
    ...TX,
    city: 'San Marcos',
    county: 'COUNTY_48209',
    zips: ['78666'],
    latitude: 29.8833,
    longitude: -97.9414,
    areaCode: '512',
  },
  {
    ...TX,
    city: 'Killeen',
    county: 'COUNTY_48027',
    zips: ['76541', '76542', '76543'],
    latitude: 31.1171,
    longitude: -97.7278,
    areaCode: '254',
  },
  {
    ...TX,
    city: 'Temple',
    county: 'COUNTY_48027',
    zips: ['76501', '76502', '76504'],
    latitude: 31.0982,
    longitude: -97.3428,
    areaCode: '254',
  },
  {
    ...TX,
    city: 'Waco',
    county: 'COUNTY_48309',
    zips: ['76701', '76706', '76710'],
    latitude: 31.5493,
    longitude: -97.1467,
    areaCode: '254',
  },
  {
    ...TX,
    city: 'Bryan',
    county: 'COUNTY_48041',
    zips: ['77801', '77802', '77803'],
    latitude: 30.6744,
    longitude: -96.37,
    areaCode: '979',
  },
  {
    ...WI,
    city: 'Eau Claire',
    county: 'COUNTY_55035',
    zips: ['54701', '54703'],
    latitude: 44.8113,
    longitude: -91.4985,
    areaCode: '715',
  },
  {
    ...WI,
    city: 'Madison',
    county: 'COUNTY_55025',
    zips: ['53703', '53704', '53711'],
    latitude: 43.0731,
    longitude: -89.4012,
    areaCode: '608',
  },
];

/** Towns served by company 2. */
export const COMPANY_2_PLACES: readonly Place[] = [
  {
    ...WV,
    city: 'Morgantown',
    county: 'COUNTY_54061',
    zips: ['26501', '26505', '26508'],
    latitude: 39.6295,
    longitude: -79.9559,
    areaCode: '304',
  },
  {
    ...WV,
    city: 'Fairmont',
    county: 'COUNTY_54049',
    zips: ['26554'],
    latitude: 39.4851,
    longitude: -80.1426,
    areaCode: '304',
  },
];

/** Over Splynx's 32-character city limit, and real-looking. */
export const LONG_CITY_NAMES: readonly string[] = [
  'Village of Saint Augustine Shores at Lake Travis',
  'Lakeway Hills Municipal Utility District Number 3',
  'Unincorporated Bell County Rural Route Settlement',
];

export const FIRST_NAMES: readonly string[] = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Betty',
  'Mark',
  'Sandra',
  'Steven',
  'Ashley',
  'Andrew',
  'Kimberly',
  'Joshua',
  'Emily',
  'Kevin',
  'Donna',
  'Brian',
  'Michelle',
  'Jose',
  'Carol',
  'Luis',
  'Amanda',
  'Ryan',
  'Melissa',
  'Jacob',
  'Deborah',
  'Gary',
  'Stephanie',
  'Nicholas',
  'Rebecca',
  'Eric',
  'Sharon',
  'Jonathan',
  'Laura',
  'Juan',
  'Cynthia',
  'Hector',
  'Dorothy',
  'Tyler',
  'Amy',
  'Aaron',
  'Angela',
  'Miguel',
  'Brenda',
  'Dylan',
  'Olivia',
  'Ethan',
  'Sofia',
  'Noah',
  'Grace',
];

export const LAST_NAMES: readonly string[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Schmidt',
  'Kowalski',
  'Olson',
  'Novak',
  'Patel',
  'Tran',
  'Kim',
  'Reyes',
  'Morales',
  'Ortiz',
];

export const BUSINESS_PREFIXES: readonly string[] = [
  'Hill Country',
  'Lone Star',
  'Bluebonnet',
  'Riverbend',
  'Cedar Park',
  'Pecan Grove',
  'Longhorn',
  'Red Oak',
  'Brazos Valley',
  'Live Oak',
  'Prairie',
  'Mesquite',
];

export const BUSINESS_KINDS: readonly string[] = [
  'Dental',
  'Auto Repair',
  'Veterinary Clinic',
  'Bakery',
  'Realty',
  'Hardware',
  'Feed & Supply',
  'Law Office',
  'Coffee Co.',
  'Family Medicine',
  'Insurance Agency',
  'Machine Shop',
];

export const BUSINESS_SUFFIXES: readonly string[] = ['', ' LLC', ' Inc.', ''];

export const GOVERNMENT_NAMES: readonly string[] = [
  'City of {city} Public Works',
  '{city} Public Library',
  '{city} Volunteer Fire Department',
  '{city} Independent School District',
  'County Extension Office ({city})',
];

export const STREET_NAMES: readonly string[] = [
  'Main',
  'Oak',
  'Pecan',
  'Elm',
  'Cedar',
  'Bluebonnet',
  'Mockingbird',
  'Live Oak',
  'Ranch Road 620',
  'County Road 110',
  'Lakeview',
  'Hillcrest',
  'Sunset',
  'Meadow',
  'Church',
  'Mill',
  'Pine',
  'Maple',
  'Washington',
  'Lincoln',
  'Park',
  'River',
  'Spring',
  'Highland',
  'Walnut',
  'Cypress',
];

export const STREET_SUFFIXES: readonly string[] = [
  'St',
  'Ave',
  'Dr',
  'Ln',
  'Rd',
  'Blvd',
  'Ct',
  'Way',
  'Trl',
];

export const UNIT_PREFIXES: readonly string[] = ['Apt', 'Unit', 'Suite', 'Lot'];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];

export const CONTACT_ROLES: readonly string[] = [
  'Owner',
  'Office Manager',
  'IT Director',
  'Accounts Payable',
  'Facilities Manager',
];

/** Extra contacts on an account, besides the primary one. */
export const SECONDARY_ROLES: readonly (string | null)[] = [
  null,
  null,
  'Authorized User',
  'Billing',
];

export const NOTE_MESSAGES: readonly string[] = [
  'Customer called about slow speeds in the evening; rebooted CPE, speeds normal afterwards.',
  'Requested paper invoices to be stopped; switched to email billing.',
  'Tech visit: realigned radio, signal improved from -72 dBm to -61 dBm.',
  'Payment arrangement agreed: balance split over two bills.',
  'Customer asked about upgrading to a faster plan; sent pricing by email.',
  'Outage ticket closed: fiber cut on the county road repaired.',
  'Replaced power supply for the router under warranty.',
  'Customer moving next month; will call to schedule a transfer.',
];

export const STICKY_NOTE_MESSAGES: readonly string[] = [
  'Gate code 4411. Dog in the back yard, call before entering.',
  'Do NOT disconnect without manager approval: medical equipment on site.',
  'Account holder is hard of hearing; prefers text messages.',
  'Tax-exempt certificate on file, renew every January.',
];

export interface DataPlan {
  name: string;
  amount: number;
  download: number;
  upload: number;
  technology: string;
  /** 1 or 2; null means available to every company. */
  company: 1 | 2 | null;
  enabled: boolean;
  /** Which CPE family the plan is delivered over. */
  family: 'fiber' | 'wireless' | 'dsl';
}

export const DATA_PLANS: readonly DataPlan[] = [
  {
    name: 'Fiber 100',
    amount: 5999,
    download: 100_000,
    upload: 100_000,
    technology: 'FIBER',
    company: 1,
    enabled: true,
    family: 'fiber',
  },
  {
    name: 'Fiber 300',
    amount: 7999,
    download: 300_000,
    upload: 300_000,
    technology: 'FIBER',
    company: 1,
    enabled: true,
    family: 'fiber',
  },
  {
    name: 'Fiber 1 Gig',
    amount: 9999,
    download: 1_000_000,
    upload: 1_000_000,
    technology: 'FIBER',
    company: 1,
    enabled: true,
    family: 'fiber',
  },
  {
    name: 'Wireless 25',
    amount: 4999,
    download: 25_000,
    upload: 5_000,
    technology: 'UNLICENSEDTERRESTRIALFIXEDWIRELESS',
    company: 1,
    enabled: true,
    family: 'wireless',
  },
  {
    name: 'Wireless 50',
    amount: 6499,
    download: 50_000,
    upload: 10_000,
    technology: 'LICENSEDTERRESTRIALFIXEDWIRELESS',
    company: 1,
    enabled: true,
    family: 'wireless',
  },
  {
    name: 'Business Fiber 500',
    amount: 14999,
    download: 500_000,
    upload: 500_000,
    technology: 'FIBER',
    company: 1,
    enabled: true,
    family: 'fiber',
  },
  {
    name: 'Legacy DSL 10',
    amount: 3999,
    download: 10_000,
    upload: 1_000,
    technology: 'ASYMMETRICXDSL',
    company: null,
    enabled: false,
    family: 'dsl',
  },
  {
    name: 'Rural Wireless 25',
    amount: 5499,
    download: 25_000,
    upload: 3_000,
    technology: 'UNLICENSEDTERRESTRIALFIXEDWIRELESS',
    company: 2,
    enabled: true,
    family: 'wireless',
  },
  {
    name: 'Rural Wireless 100',
    amount: 8999,
    download: 100_000,
    upload: 20_000,
    technology: 'LICENSEDTERRESTRIALFIXEDWIRELESS',
    company: 2,
    enabled: true,
    family: 'wireless',
  },
];

/** Plan names by weight, per customer segment. */
export const RESIDENTIAL_PLAN_WEIGHTS: readonly [string, number][] = [
  ['Fiber 100', 30],
  ['Fiber 300', 25],
  ['Fiber 1 Gig', 10],
  ['Wireless 25', 15],
  ['Wireless 50', 12],
  ['Legacy DSL 10', 8],
];
export const BUSINESS_PLAN_WEIGHTS: readonly [string, number][] = [
  ['Business Fiber 500', 60],
  ['Fiber 1 Gig', 40],
];
export const COMPANY_2_PLAN_WEIGHTS: readonly [string, number][] = [
  ['Rural Wireless 25', 50],
  ['Rural Wireless 100', 35],
  ['Legacy DSL 10', 15],
];

export interface OtherService {
  key:
    | 'static-ip'
    | 'router-rental'
    | 'wifi'
    | 'senior-discount'
    | 'rural-router'
    | 'install'
    | 'installment'
    | 'voice'
    | 'overage'
    | 'adjustment';
  name: string;
  type: 'RECURRING' | 'EXPIRING' | 'ONETIME' | 'OVERAGE' | 'ADJUSTMENT' | 'VOICE';
  application: 'DEBIT' | 'CREDIT';
  amount: number | null;
  company: 1 | 2 | null;
  /** EXPIRING only: billing cycles it runs. */
  timesToRun?: number;
}

export const OTHER_SERVICES: readonly OtherService[] = [
  {
    key: 'static-ip',
    name: 'Static IP Address',
    type: 'RECURRING',
    application: 'DEBIT',
    amount: 1000,
    company: null,
  },
  {
    key: 'router-rental',
    name: 'Router Rental',
    type: 'RECURRING',
    application: 'DEBIT',
    amount: 800,
    company: 1,
  },
  {
    key: 'wifi',
    name: 'Whole-Home Wi-Fi',
    type: 'RECURRING',
    application: 'DEBIT',
    amount: 1200,
    company: 1,
  },
  {
    key: 'senior-discount',
    name: 'Senior Citizen Discount',
    type: 'RECURRING',
    application: 'CREDIT',
    amount: 500,
    company: null,
  },
  {
    key: 'rural-router',
    name: 'Rural Router Rental',
    type: 'RECURRING',
    application: 'DEBIT',
    amount: 600,
    company: 2,
  },
  {
    key: 'install',
    name: 'Installation Fee',
    type: 'ONETIME',
    application: 'DEBIT',
    amount: 9900,
    company: null,
  },
  {
    key: 'installment',
    name: 'Equipment Installment (12 months)',
    type: 'EXPIRING',
    application: 'DEBIT',
    amount: 2500,
    company: 1,
    timesToRun: 12,
  },
  {
    key: 'voice',
    name: 'Home Phone Unlimited',
    type: 'VOICE',
    application: 'DEBIT',
    amount: 2499,
    company: 1,
  },
  {
    key: 'overage',
    name: 'Data Overage (per 50 GB)',
    type: 'OVERAGE',
    application: 'DEBIT',
    amount: 1000,
    company: null,
  },
  {
    key: 'adjustment',
    name: 'Manual Adjustment',
    type: 'ADJUSTMENT',
    application: 'DEBIT',
    amount: null,
    company: null,
  },
];

export const STATUSES = [
  { name: 'Active', activates: true, color: '2ECC71', icon: 'CHECKMARK759628' },
  { name: 'Suspended', activates: false, color: 'F39C12', icon: 'PAUSE759839' },
  { name: 'Delinquent', activates: false, color: 'E67E22', icon: 'MONEY759345' },
  { name: 'Inactive', activates: false, color: '95A5A6', icon: 'HOURGLASS759645' },
  { name: 'Cancelled', activates: false, color: 'E74C3C', icon: 'STOP759926' },
  { name: 'Former Customer', activates: false, color: '7F8C8D', icon: 'FLAG759300' },
] as const;

/** Indices into STATUSES (status id = index + 1). */
export const ACTIVE = 0;
export const SUSPENDED = 1;
export const DELINQUENT = 2;
export const INACTIVE = 3;
export const CANCELLED = 4;
export const FORMER = 5;

export const ACCOUNT_TYPES = [
  { name: 'Residential', type: 'RESIDENTIAL', color: '3498DB', icon: 'HEART759880', weight: 70 },
  { name: 'Business', type: 'COMMERCIAL', color: '9B59B6', icon: 'BRIEFCASE759327', weight: 18 },
  { name: 'Government', type: 'GOVERNMENT', color: '34495E', icon: 'BANK759322', weight: 3 },
  {
    name: 'Senior Citizen',
    type: 'SENIOR_CITIZEN',
    color: '1ABC9C',
    icon: 'STAR759813',
    weight: 7,
  },
  {
    name: 'Agricultural & Industrial',
    type: 'INDUSTRIAL',
    color: '8E6E53',
    icon: 'TOOLS759700',
    weight: 2,
  },
] as const;

export const ACCOUNT_GROUPS = [
  'Fiber Customers',
  'Wireless Customers',
  'Business Accounts',
  'Autopay',
  'VIP',
] as const;

export const ROLES = [
  {
    name: 'Administrator',
    permissions: [
      'READ_ACCOUNT',
      'CREATE_ACCOUNT',
      'UPDATE_ACCOUNT',
      'READ_SERVICE',
      'CREATE_SERVICE',
      'UPDATE_SERVICE',
      'READ_NETWORK_SITE',
      'UPDATE_NETWORK_SITE',
      'CREATE_PAYMENT',
      'READ_TICKET',
      'UPDATE_TICKET',
    ],
  },
  {
    name: 'Support',
    permissions: [
      'READ_ACCOUNT',
      'UPDATE_ACCOUNT',
      'READ_SERVICE',
      'READ_TICKET',
      'CREATE_TICKET',
      'UPDATE_TICKET',
    ],
  },
  {
    name: 'Technician',
    permissions: [
      'READ_ACCOUNT',
      'READ_NETWORK_SITE',
      'CREATE_INVENTORY_ITEM',
      'UPDATE_INVENTORY_ITEM',
      'READ_JOB',
      'UPDATE_JOB',
    ],
  },
  {
    name: 'Billing',
    permissions: [
      'READ_ACCOUNT',
      'UPDATE_ACCOUNT',
      'READ_SERVICE',
      'CREATE_PAYMENT',
      'UPDATE_PAYMENT',
    ],
  },
] as const;

/** Staff; role is an index into ROLES. */
export const USERS = [
  {
    name: 'Dana Whitfield',
    username: 'dwhitfield',
    role: 0,
    superAdmin: true,
    enabled: true,
    staff: false,
    mobile: '5125550101',
  },
  {
    name: 'Marcus Lee',
    username: 'mlee',
    role: 1,
    superAdmin: false,
    enabled: true,
    staff: false,
    mobile: '5125550102',
  },
  {
    name: 'Priya Raman',
    username: 'praman',
    role: 1,
    superAdmin: false,
    enabled: true,
    staff: false,
    mobile: '5125550103',
  },
  {
    name: 'Tom Kowalski',
    username: 'tkowalski',
    role: 2,
    superAdmin: false,
    enabled: true,
    staff: false,
    mobile: '2545550104',
  },
  {
    name: 'Luis Ortega',
    username: 'lortega',
    role: 2,
    superAdmin: false,
    enabled: true,
    staff: false,
    mobile: '2545550105',
  },
  {
    name: 'Rachel Kim',
    username: 'rkim',
    role: 3,
    superAdmin: false,
    enabled: true,
    staff: false,
    mobile: '5125550106',
  },
  {
    name: 'Kevin Brandt',
    username: 'kbrandt',
    role: 1,
    superAdmin: false,
    enabled: false,
    staff: false,
    mobile: '5125550107',
  },
  {
    name: 'Sonar Support',
    username: 'sonar-support',
    role: 0,
    superAdmin: true,
    enabled: true,
    staff: true,
    mobile: null,
  },
] as const;

export const MANUFACTURERS = [
  'Ubiquiti',
  'Cambium Networks',
  'Calix',
  'Adtran',
  'MikroTik',
  'TP-Link',
] as const;

export const MODEL_CATEGORIES = [
  { name: 'CPE Radio', icon: 'ANTENNA759818' },
  { name: 'ONT', icon: 'GLOBE759339' },
  { name: 'Router', icon: 'ROUTER759696' },
] as const;

export interface ModelSpec {
  name: string;
  modelName: string;
  /** Index into MANUFACTURERS. */
  manufacturer: number;
  /** Index into MODEL_CATEGORIES. */
  category: number;
  /** Which field is primary: the MAC, the serial, or none (the deliberate hard case). */
  primary: 'mac' | 'serial' | 'none';
  oui: string;
  serialPrefix: string;
  price: number;
  /** Index into SUPPLIERS. */
  vendor: number;
}

export const MODELS: readonly ModelSpec[] = [
  {
    name: 'LiteBeam 5AC Gen2',
    modelName: 'LBE-5AC-Gen2',
    manufacturer: 0,
    category: 0,
    primary: 'mac',
    oui: '24:5a:4c',
    serialPrefix: 'UBN',
    price: 7900,
    vendor: 0,
  },
  {
    name: 'ePMP Force 300-25',
    modelName: 'C050910C171A',
    manufacturer: 1,
    category: 0,
    primary: 'mac',
    oui: '00:04:56',
    serialPrefix: 'CMB',
    price: 12900,
    vendor: 0,
  },
  {
    name: 'GigaPoint 803G',
    modelName: '803G',
    manufacturer: 2,
    category: 1,
    primary: 'mac',
    oui: '00:02:5d',
    serialPrefix: 'CXNK',
    price: 9500,
    vendor: 1,
  },
  {
    name: 'SDX 621q',
    modelName: '1287801G1',
    manufacturer: 3,
    category: 1,
    primary: 'serial',
    oui: '00:a0:c8',
    serialPrefix: 'ADTN',
    price: 8800,
    vendor: 1,
  },
  {
    name: 'hAP ac2',
    modelName: 'RBD52G-5HacD2HnD',
    manufacturer: 4,
    category: 2,
    primary: 'mac',
    oui: '48:8f:5a',
    serialPrefix: 'HCQ',
    price: 6900,
    vendor: 2,
  },
  {
    name: 'Archer AX55',
    modelName: 'Archer AX55',
    manufacturer: 5,
    category: 2,
    primary: 'mac',
    oui: '50:c7:bf',
    serialPrefix: 'TPL',
    price: 8999,
    vendor: 2,
  },
  {
    name: 'UniFi Dream Router',
    modelName: 'UDR',
    manufacturer: 0,
    category: 2,
    primary: 'mac',
    oui: '74:ac:b9',
    serialPrefix: 'UDR',
    price: 19900,
    vendor: 0,
  },
  {
    name: 'hEX',
    modelName: 'RB750Gr3',
    manufacturer: 4,
    category: 2,
    primary: 'none',
    oui: 'dc:2c:6e',
    serialPrefix: 'HEX',
    price: 5900,
    vendor: 2,
  },
];

/** Model indices by role. */
export const FIBER_CPE = [2, 3] as const;
export const WIRELESS_CPE = [0, 1] as const;
export const ROUTERS = [4, 5, 6] as const;
export const NO_PRIMARY_MODEL = 7;

export const SUPPLIERS = [
  {
    name: 'Streakwave Wireless',
    contact: 'Janet Ruiz',
    email: 'orders@streakwave.example.com',
    phone: '4085550190',
    line1: '2401 Oakmead Pkwy',
    city: 'Sunnyvale',
    subdivision: 'US_CA',
    zip: '94085',
    terms: 'NET_30',
  },
  {
    name: 'KGP Logistics',
    contact: 'Brad Holm',
    email: 'sales@kgp.example.com',
    phone: '6515550143',
    line1: '600 New Century Pkwy',
    city: 'New Century',
    subdivision: 'US_KS',
    zip: '66031',
    terms: 'NET_60',
  },
  {
    name: 'Baltic Networks USA',
    contact: 'Anna Kalnina',
    email: 'us@balticnetworks.example.com',
    phone: '3125550177',
    line1: '1 N State St',
    city: 'Chicago',
    subdivision: 'US_IL',
    zip: '60602',
    terms: 'CASH_IN_ADVANCE',
  },
] as const;
