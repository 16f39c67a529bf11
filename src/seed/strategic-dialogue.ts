/**
 * The ninth South Korea–China Strategic Dialogue (virtual, 2021-12-23), as reported by the Korea
 * Herald. Quotes are the article's own words. Every pledge starts NOT_STARTED: status judgments
 * are staff's, not the seed's. `topic` keys match prisma/seed/evidence.json.
 */
export const EVENT = {
  slug: 'kr-cn-strategic-dialogue-2021-12-23',
  title: 'Ninth South Korea–China Strategic Dialogue',
  heldOn: '2021-12-23',
  format: 'virtual',
  location: 'virtual',
  participants: [
    'Choi Jong-kun, First Vice Foreign Minister of South Korea',
    'Le Yucheng, Vice Foreign Minister of China',
  ],
  sourceUrl: 'http://www.koreaherald.com/view.php?ud=20211224000458',
};

export const PARTIES = [
  { code: 'KR', name: 'South Korea', nameKo: '대한민국', nameZh: '韩国' },
  { code: 'CN', name: 'China', nameKo: '중국', nameZh: '中国' },
];

export const THEMES = [
  {
    slug: 'supply-chain-security',
    name: 'Supply-chain security',
    description: 'Secure supply of raw materials and stable production chains.',
  },
  {
    slug: 'climate-environment',
    name: 'Climate & environment',
    description: 'Cooperation on climate change and the environment.',
  },
  {
    slug: 'culture-exchange',
    name: 'Cultural exchange',
    description: 'Cultural and people-to-people exchanges.',
  },
  {
    slug: 'high-level-exchanges',
    name: 'High-level exchanges',
    description: 'Summits, leader-to-leader contact and strategic communication.',
  },
  {
    slug: 'peninsula-peace',
    name: 'Peninsula peace',
    description: 'Stability, denuclearization and the peace process on the Korean Peninsula.',
  },
  {
    slug: 'bilateral-relations',
    name: 'Bilateral relations',
    description: 'The overall partnership, its anniversaries and economic cooperation.',
  },
];

const COOPERATION_QUOTE =
  'Seoul and Beijing particularly “agreed to strengthen performance-oriented substantial cooperation” ' +
  'in the multifaceted fields of economy, culture, and environment, with the goal of revitalizing ' +
  'cultural exchanges, ensuring the security of a raw material supply chain, and addressing climate change.';
const EXCHANGES_QUOTE =
  'Both sides also “shared the view on the significance of leader-to-leader and high-level exchanges ' +
  'in improving bilateral relations and agreed to continue strategic communication in various ways ' +
  'including face-to-face and virtual format” despite the COVID-19 challenges.';

type Role = 'PLEDGING' | 'COUNTERPART';

export interface SeedCommitment {
  topic: string | null;
  slug: string;
  title: string;
  summary: string;
  quote: string;
  themes: string[];
  parties: { code: string; role: Role }[];
  targetDate?: string;
}

const BOTH: SeedCommitment['parties'] = [
  { code: 'KR', role: 'PLEDGING' },
  { code: 'CN', role: 'PLEDGING' },
];

export const COMMITMENTS: SeedCommitment[] = [
  {
    topic: 'supply-chain',
    slug: 'raw-material-supply-chain-security',
    title: 'Ensure the security of the raw-material supply chain',
    summary:
      'Both governments agreed to performance-oriented cooperation to keep the supply of raw materials secure.',
    quote: COOPERATION_QUOTE,
    themes: ['supply-chain-security'],
    parties: BOTH,
  },
  {
    topic: 'climate',
    slug: 'climate-change-cooperation',
    title: 'Cooperate in addressing climate change',
    summary: 'Substantial cooperation in the field of the environment, aimed at climate change.',
    quote: COOPERATION_QUOTE,
    themes: ['climate-environment'],
    parties: BOTH,
  },
  {
    topic: 'culture',
    slug: 'revitalize-cultural-exchanges',
    title: 'Revitalize cultural exchanges',
    summary:
      'Substantial cooperation in the field of culture, with the goal of reviving exchanges.',
    quote: COOPERATION_QUOTE,
    themes: ['culture-exchange'],
    parties: BOTH,
  },
  {
    topic: null,
    slug: 'expand-substantial-cooperation',
    title: 'Keep expanding substantial cooperation and exchanges in each field',
    summary:
      'Seoul stressed continuing to expand cooperation and exchanges in every field so that relations develop stably.',
    quote:
      'During the high-level talks, Choi emphasized the necessity of continuing to expand substantial ' +
      'cooperation and exchanges in each field to develop bilateral relations “in a stable manner,” ' +
      'the Foreign Ministry said.',
    themes: ['bilateral-relations'],
    parties: [
      { code: 'KR', role: 'PLEDGING' },
      { code: 'CN', role: 'COUNTERPART' },
    ],
  },
  {
    topic: 'high-level-exchanges',
    slug: 'leader-and-high-level-exchanges',
    title: 'Pursue leader-to-leader and high-level exchanges, including a Moon–Xi summit',
    summary:
      'Both sides stressed the significance of leader-to-leader and high-level exchanges while consulting on a Moon–Xi summit.',
    quote: EXCHANGES_QUOTE,
    themes: ['high-level-exchanges'],
    parties: BOTH,
  },
  {
    topic: 'strategic-communication',
    slug: 'strategic-communication-face-to-face-and-virtual',
    title: 'Continue strategic communication, face-to-face and virtual',
    summary: 'Keep up strategic communication in various formats despite COVID-19.',
    quote: EXCHANGES_QUOTE,
    themes: ['high-level-exchanges'],
    parties: BOTH,
  },
  {
    topic: 'peninsula',
    slug: 'peninsula-stability-denuclearization-peace',
    title:
      'Manage the Korean Peninsula stably; pursue complete denuclearization and permanent peace',
    summary:
      'Stable management of the peninsula, and the shared goal of complete denuclearization and permanent peace.',
    quote:
      '“Both sides agreed that the stable management of situations on the Korean Peninsula is important ' +
      'and reaffirmed the shared goal of achieving complete denuclearization and establishing permanent ' +
      'peace on the Korean Peninsula,” the ministry said.',
    themes: ['peninsula-peace'],
    parties: BOTH,
  },
  {
    topic: 'end-of-war',
    slug: 'peace-process-end-of-war-declaration',
    title: 'Cooperate to reinvigorate the peace process, including an end-of-war declaration',
    summary:
      'Both sides discussed ways to cooperate in reviving the peace process, including a declaration ending the Korean War.',
    quote:
      'The Foreign Ministry said both sides discussed the upcoming Olympics and ways to cooperate in ' +
      'reinvigorating the Moon Jae-in government’s peace process including an end-of-war declaration.',
    themes: ['peninsula-peace'],
    parties: BOTH,
  },
  {
    topic: 'anniversary-30',
    slug: 'mature-partnership-30th-anniversary',
    title: 'A more mature, future-oriented partnership for the 30th anniversary of ties',
    summary:
      'Develop the strategic cooperative partnership into more mature, future-oriented relations by the 30th anniversary (2022-08-24).',
    quote:
      'Seoul and Beijing also agreed to “develop their strategic cooperative partnership into more mature ' +
      'and future-oriented relations” on the occasion of marking the 30th anniversary of the ' +
      'establishment of diplomatic relations next year.',
    themes: ['bilateral-relations'],
    parties: BOTH,
    targetDate: '2022-08-24',
  },
];
