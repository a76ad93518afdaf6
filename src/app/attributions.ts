// Third-party data shipped inside the plugin. Shown on the app's config page and in README.md.
export interface Attribution {
  name: string;
  text: string;
  licence: string;
  dataDate: string;
  url: string;
}

export const ATTRIBUTIONS: readonly Attribution[] = [
  {
    name: 'GeoLite2 Country (via geoip-lite 2.0.3)',
    text: 'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com. The packed IP→country table derived from it carries the same licence.',
    licence: 'CC BY-SA 4.0',
    dataDate: '2019-08-28',
    url: 'https://www.maxmind.com',
  },
  {
    name: 'Natural Earth (via world-atlas 2.0.2)',
    text: 'Country outlines of the world map, 1:50m, public domain.',
    licence: 'Public domain (Natural Earth); world-atlas ISC',
    dataDate: 'Natural Earth 4.1.0',
    url: 'https://www.naturalearthdata.com',
  },
];
