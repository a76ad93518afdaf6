// Third-party data shipped inside the plugin whose origin is fixed at build time, shown on the app's config page
// and in README.md. The IP→country table is not listed here: it may be rebuilt from the operator's own data,
// so the page reads its source, date and attribution from the table itself.
export interface Attribution {
  name: string;
  text: string;
  licence: string;
  dataDate: string;
  url: string;
}

export const ATTRIBUTIONS: readonly Attribution[] = [
  {
    name: 'Natural Earth (via world-atlas 2.0.2)',
    text: 'Country outlines of the world map, 1:50m, public domain.',
    licence: 'Public domain (Natural Earth); world-atlas ISC',
    dataDate: 'Natural Earth 4.1.0',
    url: 'https://www.naturalearthdata.com',
  },
];
