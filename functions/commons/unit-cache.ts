/**
 * The unit tree, cached per container. Units change rarely (a tree import), and every import
 * bumps one revision item (`keys.treeRevision()`). A container reads that revision at most once
 * per `UNIT_CACHE_SECONDS` (default 30) and drops its cache when it moved; a unit is read from the
 * table only on a miss. So the intake, the rollup and the evaluation stop paying a read per unit
 * per event, and a tree import reaches every container within the cache period.
 */
import type { UnitItem } from '../../schemas/unit.ts';

export interface UnitSource {
  readRevision(): Promise<number>;
  readUnit(unitId: string): Promise<UnitItem | undefined>;
}

export class UnitCache {
  private readonly units = new Map<string, Promise<UnitItem | undefined>>();
  private revision: number | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly source: UnitSource,
    private readonly ttlMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async get(unitId: string): Promise<UnitItem | undefined> {
    await this.checkRevision();
    let unit = this.units.get(unitId);
    if (!unit) {
      unit = this.source.readUnit(unitId);
      this.units.set(unitId, unit);
      // A missing unit or a failed read is not remembered.
      unit.then(
        (found) => {
          if (!found) this.units.delete(unitId);
        },
        () => this.units.delete(unitId),
      );
    }
    return unit;
  }

  private async checkRevision(): Promise<void> {
    if (this.clock() - this.checkedAt < this.ttlMs) return;
    this.checking ??= (async () => {
      try {
        const revision = await this.source.readRevision();
        if (revision !== this.revision) {
          this.units.clear();
          this.revision = revision;
        }
        this.checkedAt = this.clock();
      } finally {
        this.checking = undefined;
      }
    })();
    await this.checking;
  }
}
