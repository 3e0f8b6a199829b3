// An officer's device made of API calls: it pushes records as the app's
// outbox does (each change with the values it replaces) and takes the
// workflow's steps, so that a test can set the scene without clicking
// through every screen first.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, signIn } from './api.mjs';

export class ApiDevice {
  static async signIn(url, username) {
    const session = await signIn(url, username);
    return new ApiDevice(url, session);
  }

  constructor(url, session) {
    this.url = url;
    this.token = session.token;
    this.officer = session.officer;
    this.id = randomUUID();
    this.seq = 1;
    this.seen = new Map();
  }

  /** Saves a whole record (a diff against what this device last saw); returns the outcome. */
  async save(recordType, record) {
    const before = this.seen.get(record.id);
    const changes = Object.keys({ ...(before?.value ?? {}), ...record })
      .filter((field) => field !== 'id' && field !== 'meta')
      .sort()
      .filter((field) => JSON.stringify(before?.value?.[field] ?? null) !== JSON.stringify(record[field] ?? null))
      .map((field) => ({ field, old: before?.value?.[field] ?? null, new: record[field] ?? null }));
    const mutation = {
      mutation_id: randomUUID(),
      device_id: this.id,
      seq: this.seq++,
      record_type: recordType,
      record_id: record.id,
      base_revision: before?.revision ?? 0,
      changes,
      officer_id: this.officer.id,
      at: Date.now(),
    };
    const answer = await api(this.url, 'POST', '/api/v1/sync/push', {
      token: this.token,
      body: { device_id: this.id, mutations: [mutation] },
    });
    const result = answer.results[0];
    assert.equal(result.outcome, 'applied', `${recordType} ${record.id}: ${JSON.stringify(result)}`);
    this.seen.set(record.id, { value: structuredClone(record), revision: result.revision });
    return result;
  }

  /** Learns the server's version of every record it may see. */
  async pull() {
    let since = 0;
    for (;;) {
      const page = await api(this.url, 'GET', `/api/v1/sync/pull?since=${since}&limit=2000`, { token: this.token });
      for (const record of page.records) {
        if (record.body) {
          const { meta, ...value } = record.body;
          this.seen.set(record.id, { value, revision: record.revision });
        }
      }
      since = page.next_cursor;
      if (!page.more) return;
    }
  }

  /** Records a step on `proposal` (as pulled) to the status `to`, with an optional comment, and pushes it. */
  async step(proposal, transition, to, comment = null) {
    await this.pull();
    const current = structuredClone(this.seen.get(proposal.id).value);
    current.history = [
      ...current.history,
      { transition, from: current.status, to, by: this.officer.id, role: this.officer.role, at: Date.now(), comment },
    ];
    current.status = to;
    return this.save('proposal', current);
  }
}

export function village(name, kind, parentId, officerId) {
  return {
    id: randomUUID(),
    code: null,
    name,
    kind,
    parent_id: parentId,
    lifecycle: { state: 'active', since: null },
    attributes: { border_commune: false, mountainous: false },
    meta: { revision: 0, updated_at: 0, updated_by: officerId },
  };
}

export function villageReview(unitId, households, officerId) {
  return {
    id: randomUUID(),
    unit_id: unitId,
    households,
    population: households * 4,
    area: 1_200_000,
    non_professional_workers: 3,
    ethnic_minority_percent: 90,
    special_status: null,
    location: null,
    reviewed_on: '2026-10-01',
    reviewer: officerId,
    notes: '',
    meta: { revision: 0, updated_at: 0, updated_by: officerId },
  };
}

/** The merger of `sources` (village, households) into a new village, consulted. */
export function villageMerger(sources, name, kind, parentId, officerId) {
  return {
    id: randomUUID(),
    level: 'village',
    action: { action: 'merge', into: { target: 'new_unit', id: randomUUID(), name, kind, parent_id: parentId } },
    sources: sources.map(([unit, households]) => ({
      unit_id: unit.id,
      name: unit.name,
      part: 'whole',
      figures: { households, population: households * 4, area: 1_200_000 },
    })),
    consultations: sources.map(([unit, households]) => ({
      unit_id: unit.id, round: 1, eligible: households, participating: households, agreeing: households - 5, disagreeing: 5, invalid: 0,
    })),
    no_other_neighbour: false,
    rule_set_id: 'TT14_2018',
    status: { status: 'draft' },
    history: [],
    meta: { revision: 0, updated_at: 0, updated_by: officerId },
  };
}
