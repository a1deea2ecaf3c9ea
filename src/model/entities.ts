// The entities of the model: origins, Border Patrol sectors, transit countries and wealth bands.
// Every layer lists them from here, in this order (the order of the CSV files).

export const ORIGINS = ['MEX', 'GTM', 'HND', 'SLV', 'NIC', 'CUB', 'HTI', 'VEN', 'ECU', 'COL', 'OTHER'] as const;
export type OriginCode = (typeof ORIGINS)[number];

/** Readable names of the origins, for tables, charts and the classroom page. */
export const ORIGIN_NAMES: Record<OriginCode, string> = {
  MEX: 'Mexico', GTM: 'Guatemala', HND: 'Honduras', SLV: 'El Salvador', NIC: 'Nicaragua', CUB: 'Cuba', HTI: 'Haiti',
  VEN: 'Venezuela', ECU: 'Ecuador', COL: 'Colombia', OTHER: 'Other',
};

/** US Border Patrol southwest sectors, west to east. */
export const SECTORS = ['SDC', 'ELC', 'YUM', 'TCA', 'EPT', 'BBT', 'DRT', 'LRT', 'RGV'] as const;
export type SectorCode = (typeof SECTORS)[number];

/** Countries whose transit enforcement a scenario can set (edges name one of them). */
export const COUNTRIES = ['MEX', 'GTM', 'HND', 'SLV', 'NIC', 'CRI', 'PAN', 'COL', 'ECU', 'VEN', 'CUB', 'HTI', 'OTHER'] as const;
export type CountryCode = (typeof COUNTRIES)[number];

export const WEALTH_BANDS = ['low', 'mid', 'high'] as const;
