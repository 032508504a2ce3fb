import type { Official, OrgUnit, UnitKind } from '../org/org-unit.ts';
import { RANKS } from '../org/positions.ts';
import type { GeneratedCity } from './city.ts';

/** Lookups over a generated city that the workload generators need. */
export class CityIndex {
  readonly city: GeneratedCity;
  readonly #byUnit = new Map<string, Official[]>();
  readonly #unitsByKind = new Map<UnitKind, OrgUnit[]>();
  readonly #units = new Map<string, OrgUnit>();
  readonly #officials = new Map<string, Official>();

  constructor(city: GeneratedCity) {
    this.city = city;
    for (const o of city.officials) {
      this.#officials.set(o.id, o);
      const list = this.#byUnit.get(o.unitId);
      if (list) list.push(o);
      else this.#byUnit.set(o.unitId, [o]);
    }
    for (const u of city.units) {
      this.#units.set(u.id, u);
      const list = this.#unitsByKind.get(u.kind);
      if (list) list.push(u);
      else this.#unitsByKind.set(u.kind, [u]);
    }
  }

  unit(id: string): OrgUnit {
    const unit = this.#units.get(id);
    if (!unit) throw new Error(`no unit ${id}`);
    return unit;
  }

  official(id: string): Official | undefined {
    return this.#officials.get(id);
  }

  unitsOfKind(...kinds: UnitKind[]): OrgUnit[] {
    return kinds.flatMap((k) => this.#unitsByKind.get(k) ?? []);
  }

  staffOf(unitId: string): readonly Official[] {
    return this.#byUnit.get(unitId) ?? [];
  }

  /** Head and deputies. */
  leadersOf(unitId: string): Official[] {
    return this.staffOf(unitId).filter((o) => o.rank <= RANKS.deputy);
  }

  headOf(unitId: string): Official {
    const head = this.staffOf(unitId).find((o) => o.rank === RANKS.head);
    if (!head) throw new Error(`unit ${unitId} has no head`);
    return head;
  }

  /** Heads and deputies of divisions: who a unit hands work down to. */
  middleOf(unitId: string): Official[] {
    return this.staffOf(unitId).filter((o) => o.rank === RANKS.divisionHead || o.rank === RANKS.divisionDeputy);
  }

  workersOf(unitId: string): Official[] {
    return this.staffOf(unitId).filter((o) => o.rank >= RANKS.divisionHead);
  }
}
