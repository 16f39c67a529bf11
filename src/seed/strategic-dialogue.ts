import type { Language } from '../common/languages.js';

/** A text in Korean and in Chinese: the tracker's own translations, not official texts. */
export type InKoZh = Record<Exclude<Language, 'en'>, string>;

/**
 * The ninth South Korea–China Strategic Dialogue (virtual, 2021-12-23), as reported by the Korea
 * Herald. Quotes are the article's own words; the Korean and Chinese titles, summaries, quotes and
 * names are the tracker's own translations (seeded as such, not as official texts). Every pledge starts NOT_STARTED: status judgments
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
  translations: { ko: '제9차 한중 외교차관 전략대화', zh: '第九次中韩副外长级战略对话' },
};

export const PARTIES = [
  { code: 'KR', name: 'South Korea', translations: { ko: '대한민국', zh: '韩国' } },
  { code: 'CN', name: 'China', translations: { ko: '중국', zh: '中国' } },
];

export const THEMES = [
  {
    slug: 'supply-chain-security',
    name: 'Supply-chain security',
    description: 'Secure supply of raw materials and stable production chains.',
    translations: { ko: '공급망 안보', zh: '供应链安全' },
  },
  {
    slug: 'climate-environment',
    name: 'Climate & environment',
    description: 'Cooperation on climate change and the environment.',
    translations: { ko: '기후·환경', zh: '气候与环境' },
  },
  {
    slug: 'culture-exchange',
    name: 'Cultural exchange',
    description: 'Cultural and people-to-people exchanges.',
    translations: { ko: '문화 교류', zh: '文化交流' },
  },
  {
    slug: 'high-level-exchanges',
    name: 'High-level exchanges',
    description: 'Summits, leader-to-leader contact and strategic communication.',
    translations: { ko: '고위급 교류', zh: '高层交往' },
  },
  {
    slug: 'peninsula-peace',
    name: 'Peninsula peace',
    description: 'Stability, denuclearization and the peace process on the Korean Peninsula.',
    translations: { ko: '한반도 평화', zh: '半岛和平' },
  },
  {
    slug: 'bilateral-relations',
    name: 'Bilateral relations',
    description: 'The overall partnership, its anniversaries and economic cooperation.',
    translations: { ko: '양자 관계', zh: '双边关系' },
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

/** The quotes in Korean and Chinese: translations of the English report, shown as such. */
const COOPERATION_QUOTE_IN: InKoZh = {
  ko:
    '한중 양국은 특히 경제, 문화, 환경 등 다방면에서 “성과 지향적인 실질 협력을 강화하기로 합의”했으며, ' +
    '문화 교류 활성화, 원자재 공급망 안정 확보, 기후변화 대응을 목표로 한다.',
  zh:
    '首尔和北京特别“同意加强以成果为导向的务实合作”，涵盖经济、文化和环境等多个领域，' +
    '目标是激活文化交流、确保原材料供应链安全以及应对气候变化。',
};
const EXCHANGES_QUOTE_IN: InKoZh = {
  ko:
    '양측은 또한 코로나19 상황에도 불구하고 “양국 관계 발전에 있어 정상 간 및 고위급 교류의 중요성에 ' +
    '공감하고, 대면 및 화상 등 다양한 방식으로 전략적 소통을 지속해 나가기로 했다”.',
  zh:
    '双方还表示，尽管面临新冠疫情挑战，“认同元首和高层交往对改善双边关系的重要意义，' +
    '同意继续以面对面和视频等多种方式保持战略沟通”。',
};

type Role = 'PLEDGING' | 'COUNTERPART';

/** A commitment's title, summary and quote in one language. */
export interface SeedText {
  title: string;
  summary: string;
  quote: string;
}

export interface SeedCommitment {
  topic: string | null;
  slug: string;
  title: string;
  summary: string;
  quote: string;
  themes: string[];
  parties: { code: string; role: Role }[];
  targetDate?: string;
  translations: Record<keyof InKoZh, SeedText>;
}

const both = (
  ko: Omit<SeedText, 'quote'>,
  zh: Omit<SeedText, 'quote'>,
  quote: InKoZh,
): SeedCommitment['translations'] => ({
  ko: { ...ko, quote: quote.ko },
  zh: { ...zh, quote: quote.zh },
});

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
    translations: both(
      {
        title: '원자재 공급망 안정 확보',
        summary: '양국 정부는 원자재 공급을 안정적으로 확보하기 위한 성과 지향적 협력에 합의했다.',
      },
      {
        title: '确保原材料供应链安全',
        summary: '两国政府同意开展以成果为导向的合作，确保原材料供应安全。',
      },
      COOPERATION_QUOTE_IN,
    ),
  },
  {
    topic: 'climate',
    slug: 'climate-change-cooperation',
    title: 'Cooperate in addressing climate change',
    summary: 'Substantial cooperation in the field of the environment, aimed at climate change.',
    quote: COOPERATION_QUOTE,
    themes: ['climate-environment'],
    parties: BOTH,
    translations: both(
      { title: '기후변화 대응 협력', summary: '기후변화 대응을 목표로 한 환경 분야의 실질 협력.' },
      { title: '合作应对气候变化', summary: '在环境领域开展以应对气候变化为目标的务实合作。' },
      COOPERATION_QUOTE_IN,
    ),
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
    translations: both(
      { title: '문화 교류 활성화', summary: '교류 회복을 목표로 한 문화 분야의 실질 협력.' },
      { title: '激活文化交流', summary: '在文化领域开展以恢复交流为目标的务实合作。' },
      COOPERATION_QUOTE_IN,
    ),
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
    translations: both(
      {
        title: '각 분야의 실질 협력과 교류 지속 확대',
        summary:
          '한국은 양국 관계의 안정적 발전을 위해 모든 분야의 협력과 교류를 계속 확대해야 한다고 강조했다.',
      },
      {
        title: '继续扩大各领域务实合作与交流',
        summary: '韩方强调应继续扩大各领域的合作与交流，推动两国关系稳定发展。',
      },
      {
        ko: '외교부에 따르면 최 차관은 고위급 회담에서 양국 관계를 “안정적으로” 발전시키기 위해 각 분야의 실질 협력과 교류를 지속적으로 확대해 나갈 필요성을 강조했다.',
        zh: '据外交部介绍，崔钟建在高级别会谈中强调，有必要继续扩大各领域的务实合作与交流，以“稳定地”发展双边关系。',
      },
    ),
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
    translations: both(
      {
        title: '문재인–시진핑 정상회담을 포함한 정상 간·고위급 교류 추진',
        summary:
          '양측은 문재인–시진핑 정상회담을 협의하면서 정상 간·고위급 교류의 중요성을 강조했다.',
      },
      {
        title: '推进包括文在寅–习近平会晤在内的元首和高层交往',
        summary: '双方在就文在寅–习近平会晤进行磋商的同时，强调元首和高层交往的重要意义。',
      },
      EXCHANGES_QUOTE_IN,
    ),
  },
  {
    topic: 'strategic-communication',
    slug: 'strategic-communication-face-to-face-and-virtual',
    title: 'Continue strategic communication, face-to-face and virtual',
    summary: 'Keep up strategic communication in various formats despite COVID-19.',
    quote: EXCHANGES_QUOTE,
    themes: ['high-level-exchanges'],
    parties: BOTH,
    translations: both(
      {
        title: '대면·화상 방식의 전략적 소통 지속',
        summary: '코로나19에도 불구하고 다양한 방식으로 전략적 소통을 이어간다.',
      },
      {
        title: '以面对面和视频方式继续保持战略沟通',
        summary: '尽管有新冠疫情，仍以多种方式保持战略沟通。',
      },
      EXCHANGES_QUOTE_IN,
    ),
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
    translations: both(
      {
        title: '한반도 정세의 안정적 관리, 완전한 비핵화와 항구적 평화 추구',
        summary: '한반도의 안정적 관리, 그리고 완전한 비핵화와 항구적 평화라는 공동 목표.',
      },
      {
        title: '稳定管控半岛局势，追求完全无核化与永久和平',
        summary: '稳定管控半岛局势，以及实现完全无核化和永久和平的共同目标。',
      },
      {
        ko: '외교부는 “양측은 한반도 정세의 안정적 관리가 중요하다는 데 의견을 같이하고, 한반도의 완전한 비핵화와 항구적 평화 정착이라는 공동의 목표를 재확인했다”고 밝혔다.',
        zh: '外交部表示：“双方一致认为稳定管控半岛局势十分重要，并重申了实现半岛完全无核化和建立永久和平的共同目标。”',
      },
    ),
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
    translations: both(
      {
        title: '종전선언을 포함한 평화 프로세스 재가동 협력',
        summary:
          '양측은 한국전쟁 종전선언을 포함해 평화 프로세스를 되살리기 위한 협력 방안을 논의했다.',
      },
      {
        title: '合作重启包括终战宣言在内的和平进程',
        summary: '双方讨论了合作重振和平进程的方式，包括宣布朝鲜战争结束的终战宣言。',
      },
      {
        ko: '외교부는 양측이 다가오는 올림픽과 함께 종전선언을 포함한 문재인 정부의 평화 프로세스를 재가동하기 위한 협력 방안을 논의했다고 밝혔다.',
        zh: '外交部表示，双方讨论了即将举行的奥运会，以及合作重振文在寅政府包括终战宣言在内的和平进程的方式。',
      },
    ),
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
    translations: both(
      {
        title: '수교 30주년 계기 더욱 성숙하고 미래지향적인 동반자 관계',
        summary:
          '수교 30주년(2022-08-24)까지 전략적 협력 동반자 관계를 더욱 성숙하고 미래지향적인 관계로 발전시킨다.',
      },
      {
        title: '借建交三十周年之机发展更加成熟、面向未来的伙伴关系',
        summary:
          '在建交三十周年（2022-08-24）之际，将战略合作伙伴关系发展为更加成熟、面向未来的关系。',
      },
      {
        ko: '한중 양국은 또한 내년 수교 30주년을 계기로 “전략적 협력 동반자 관계를 더욱 성숙하고 미래지향적인 관계로 발전시켜 나가기로” 합의했다.',
        zh: '首尔和北京还同意，以明年建交三十周年为契机，“将战略合作伙伴关系发展为更加成熟、面向未来的关系”。',
      },
    ),
  },
];
