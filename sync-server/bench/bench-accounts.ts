/** A bench's official: what the accounts table needs, the id for every name, in the City Office. */
export const benchOfficial = (id: string) => ({
  id,
  username: id,
  fullName: id,
  position: 'x',
  rank: 5,
  unitId: 'vp-ubnd',
  phone: '',
  email: '',
  passwordHash: 'x',
});
