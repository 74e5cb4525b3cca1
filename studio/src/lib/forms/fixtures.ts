/** Form definitions the component tests render: every field type, and the rules between them. */
import type { FormDefinition } from '@caseway/engine/types';

export const everyType: FormDefinition = {
  id: 'every-type',
  version: 1,
  title: { 'zh-Hant': '所有欄位類型', en: 'Every field type' },
  fields: [
    { key: 'name', type: 'text', label: { 'zh-Hant': '姓名', en: 'Name' }, required: true },
    { key: 'notes', type: 'textarea', label: { 'zh-Hant': '備註', en: 'Notes' } },
    { key: 'ratio', type: 'number', label: { 'zh-Hant': '比例', en: 'Ratio' } },
    { key: 'days', type: 'integer', label: { 'zh-Hant': '天數', en: 'Days' }, min: 0 },
    {
      key: 'amount',
      type: 'money',
      label: { 'zh-Hant': '金額', en: 'Amount' },
      min: 100,
      max: 10000000,
    },
    { key: 'injured', type: 'boolean', label: { 'zh-Hant': '是否受傷', en: 'Injured' } },
    {
      key: 'channel',
      type: 'select',
      label: { 'zh-Hant': '通路', en: 'Channel' },
      options: [
        { value: 'phone', label: { 'zh-Hant': '電話', en: 'Phone' } },
        { value: 'web', label: { 'zh-Hant': '網站', en: 'Web' } },
      ],
    },
    {
      key: 'damage',
      type: 'multiselect',
      label: { 'zh-Hant': '損失項目', en: 'Damage' },
      options: [
        { value: 'car', label: { 'zh-Hant': '車輛', en: 'Car' } },
        { value: 'house', label: { 'zh-Hant': '房屋', en: 'House' } },
      ],
    },
    { key: 'occurredOn', type: 'date', label: { 'zh-Hant': '發生日期', en: 'Occurred on' } },
    { key: 'reportedAt', type: 'datetime', label: { 'zh-Hant': '報案時間', en: 'Reported at' } },
    { key: 'email', type: 'email', label: { 'zh-Hant': '電子郵件', en: 'Email' } },
    {
      key: 'mobile',
      type: 'phone',
      format: 'cn-mobile',
      sensitive: true,
      label: { 'zh-Hant': '手機', en: 'Mobile' },
    },
    {
      key: 'idNumber',
      type: 'text',
      format: 'cn-resident-id',
      sensitive: true,
      label: { 'zh-Hant': '身分證號碼', en: 'ID number' },
      help: { 'zh-Hant': '請填寫被保險人的號碼', en: "The insured person's number" },
    },
    {
      key: 'address',
      type: 'group',
      label: { 'zh-Hant': '地址', en: 'Address' },
      fields: [{ key: 'city', type: 'text', label: { 'zh-Hant': '城市', en: 'City' } }],
    },
    {
      key: 'witnesses',
      type: 'group',
      repeatable: true,
      minItems: 1,
      maxItems: 2,
      label: { 'zh-Hant': '證人', en: 'Witnesses' },
      fields: [
        {
          key: 'witnessName',
          type: 'text',
          required: true,
          label: { 'zh-Hant': '證人姓名', en: 'Witness name' },
        },
      ],
    },
  ],
};

export const assessment: FormDefinition = {
  id: 'claim-assessment',
  version: 1,
  title: { 'zh-Hant': '理賠審核', en: 'Claim assessment' },
  fields: [
    {
      key: 'decision',
      type: 'select',
      required: true,
      label: { 'zh-Hant': '審核結論', en: 'Decision' },
      options: [
        { value: 'pay', label: { 'zh-Hant': '給付', en: 'Pay' } },
        { value: 'refuse', label: { 'zh-Hant': '拒絕給付', en: 'Refuse' } },
      ],
    },
    {
      key: 'amountApproved',
      type: 'money',
      min: 0,
      visibleIf: 'decision = "pay"',
      label: { 'zh-Hant': '核定金額', en: 'Amount approved' },
    },
    {
      key: 'reason',
      type: 'text',
      requiredIf: 'decision = "refuse" or amountClaimed > 100000',
      label: { 'zh-Hant': '理由', en: 'Reason' },
    },
  ],
};

const l = (en: string, zh: string) => ({ 'zh-Hant': zh, en });

/**
 * A claim as a two-page wizard: page 1 a two-column section of the claimant, page 2 the
 * repeatable invoices with a computed net per entry, the computed total and a supporting file.
 */
export const wizardClaim: FormDefinition = {
  id: 'wizard-claim',
  version: 1,
  title: l('Medical claim', '醫療理賠'),
  fields: [
    {
      key: 'claimant',
      type: 'page',
      label: l('Claimant', '申請人'),
      fields: [
        {
          key: 'person',
          type: 'section',
          label: l('Person', '個人資料'),
          description: l('As on the policy.', '與保單相同。'),
          columns: 2,
          fields: [
            { key: 'name', type: 'text', required: true, label: l('Name', '姓名') },
            { key: 'phone', type: 'phone', label: l('Phone', '電話') },
            { key: 'address', type: 'text', width: 2, label: l('Address', '地址') },
          ],
        },
      ],
    },
    {
      key: 'costs',
      type: 'page',
      label: l('Costs', '費用'),
      fields: [
        {
          key: 'invoices',
          type: 'group',
          repeatable: true,
          minItems: 1,
          label: l('Invoices', '收據'),
          fields: [
            { key: 'amount', type: 'money', required: true, label: l('Amount', '金額') },
            { key: 'copay', type: 'money', label: l('Co-payment', '自付額') },
            {
              key: 'net',
              type: 'money',
              compute: 'if copay = null then amount else amount - copay',
              label: l('Net', '淨額'),
            },
          ],
        },
        {
          key: 'total',
          type: 'money',
          compute: 'sum(invoices.net)',
          label: l('Total', '合計'),
        },
        {
          key: 'receipts',
          type: 'file',
          accept: ['application/pdf', 'image/*'],
          maxSize: 1048576,
          maxFiles: 2,
          label: l('Receipts', '收據影本'),
        },
      ],
    },
  ],
};
