import type { Official } from '../org/org-unit.ts';
import type { GeneratedCity } from './city.ts';

/**
 * Puts the demo accounts (org/demo-city.ts) into a generated city, each in the seat of a
 * generated official of the same unit and rank, so the city keeps one Chairman per ward and
 * the demo people appear in their unit's directory page. A demo specialist takes the seat of
 * one of the unit's directory admins, so the demo has someone to keep each demo unit's page.
 */
export function withDemoOfficials(city: GeneratedCity, demo: readonly Official[]): GeneratedCity {
  const admins = new Map([...city.directoryAdmins].map(([unitId, ids]) => [unitId, [...ids]]));
  const replaced = new Map<string, Official>();
  const taken = new Set<string>();
  for (const person of demo) {
    const seats = city.officials.filter(
      (o) => o.unitId === person.unitId && o.rank === person.rank && !taken.has(o.id),
    );
    const unitAdmins = admins.get(person.unitId) ?? [];
    const seat = seats.find((o) => unitAdmins.includes(o.id)) ?? seats[0];
    if (!seat) throw new Error(`no seat of rank ${person.rank} in ${person.unitId} for ${person.username}`);
    taken.add(seat.id);
    replaced.set(seat.id, {
      ...person,
      ...(seat.positionId ? { positionId: seat.positionId } : {}),
      ...(seat.divisionId ? { divisionId: seat.divisionId } : {}),
    });
    admins.set(
      person.unitId,
      unitAdmins.map((id) => (id === seat.id ? person.id : id)),
    );
  }
  const demoUsernames = new Set(demo.map((d) => d.username));
  const officials = city.officials.map((o) => {
    const demoPerson = replaced.get(o.id);
    if (demoPerson) return demoPerson;
    // A generated username equal to a demo one would make two accounts with one sign-in name.
    return demoUsernames.has(o.username) ? { ...o, username: `${o.username}.${o.id}` } : o;
  });
  return { ...city, officials, directoryAdmins: admins };
}
