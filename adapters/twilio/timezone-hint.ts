/**
 * A timezone hint from Twilio's FromCountry / FromState: where the resident's number was issued,
 * which is usually, not always, where they live. Only Canada and the United States, where a number
 * from another province or state can be hours away from the organization; a hint never replaces a
 * timezone the resident's platform stated. Multi-zone states take their most populous zone.
 */

const CANADA: Record<string, string> = {
  AB: 'America/Edmonton',
  BC: 'America/Vancouver',
  MB: 'America/Winnipeg',
  NB: 'America/Moncton',
  NL: 'America/St_Johns',
  NS: 'America/Halifax',
  NT: 'America/Yellowknife',
  NU: 'America/Iqaluit',
  ON: 'America/Toronto',
  PE: 'America/Halifax',
  QC: 'America/Toronto',
  SK: 'America/Regina',
  YT: 'America/Whitehorse',
};

const EASTERN = 'CT DE DC FL GA KY ME MD MA NH NJ NY NC OH PA RI SC VT VA WV'.split(' ');
const CENTRAL = 'AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI'.split(' ');
const MOUNTAIN = 'CO MT NM UT WY'.split(' ');
const PACIFIC = 'CA NV OR WA'.split(' ');
const UNITED_STATES: Record<string, string> = {
  ...Object.fromEntries(EASTERN.map((s) => [s, 'America/New_York'])),
  ...Object.fromEntries(CENTRAL.map((s) => [s, 'America/Chicago'])),
  ...Object.fromEntries(MOUNTAIN.map((s) => [s, 'America/Denver'])),
  ...Object.fromEntries(PACIFIC.map((s) => [s, 'America/Los_Angeles'])),
  AK: 'America/Anchorage',
  AZ: 'America/Phoenix',
  HI: 'Pacific/Honolulu',
  ID: 'America/Boise',
  IN: 'America/Indiana/Indianapolis',
  MI: 'America/Detroit',
  PR: 'America/Puerto_Rico',
};

export function timezoneHint(country: string | undefined, state: string | undefined): string | undefined {
  const region = state?.trim().toUpperCase();
  if (!region) return undefined;
  switch (country?.trim().toUpperCase()) {
    case 'CA':
      return CANADA[region];
    case 'US':
      return UNITED_STATES[region];
    default:
      return undefined;
  }
}
