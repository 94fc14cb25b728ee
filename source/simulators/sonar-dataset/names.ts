// Names, emails and logins for people and businesses, including the deliberately awkward ones.

/** [display name, ASCII email local part]. */
export const UNICODE_NAMES: readonly (readonly [string, string])[] = [
  ['Zoë Ångström', 'zoe.angstrom'],
  ['李小龙', 'lee.xiaolong'],
  ['José Núñez 🚀', 'jose.nunez'],
  ['Björk Guðmundsdóttir', 'bjork.gudmundsdottir'],
  ['Đặng Thị Hồng', 'dang.hong'],
  ['Chloé Lefèvre-Dubois', 'chloe.lefevre'],
  ['Ñandú Café 🌮', 'nandu.cafe'],
];

export const APOSTROPHE_NAMES: readonly (readonly [string, string])[] = [
  ["Siobhan O'Brien", 'siobhan.obrien'],
  ["D'Angelo Russo", 'dangelo.russo'],
  ["Patrick O'Neil-D'Arcy", 'patrick.oneil'],
  ["Maggie's Bait & Tackle", 'maggies.bait'],
];

/** Addresses a validator must reject. */
export const INVALID_EMAILS: readonly string[] = [
  'bob@@example.com',
  'no-at-sign.example.com',
  'jane doe@example.com',
  'trailing.dot.@example.com',
];

/** Lower-case ASCII letters of a name, for logins; empty when the name has none. */
export function loginSlug(local: string): string {
  let slug = '';
  for (let i = 0; i < local.length; i++) {
    const code = local.charCodeAt(i);
    if (code >= 97 && code <= 122) slug += local[i];
    else if (code >= 65 && code <= 90) slug += String.fromCharCode(code + 32);
  }
  return slug;
}
