// Every generated object must be valid against the strict Kubernetes schema, except the planted
// schema errors — otherwise the peers benchmark would time error paths instead of validation.
import { describe, expect, it } from 'vitest';
import { generateResources } from '../../bench/corpus-gen/corpus.mjs';
import { validatorsFor } from '../../src/engine/schema-validator.ts';

const PLANTED_TYPOS = ['imagePullPolice', 'minReadySecond', 'serviceAcountName', 'startingDeadlineSecond'];

describe('corpus objects against the Kubernetes 1.36 strict schema', () => {
  it('are valid except exactly the planted schema errors', () => {
    const { files, planted } = generateResources(3000, { seed: 5 });
    const validators = validatorsFor('1.36', true);
    const invalid = [];
    for (const object of files.flatMap((f) => f.resources)) {
      const validate = validators.forKind(`${object.apiVersion} ${object.kind}`);
      expect(validate, `${object.apiVersion} ${object.kind}`).toBeDefined();
      if (!validate(object)) invalid.push({ object, errors: validate.errors });
    }
    expect(planted.schemaErrors).toBeGreaterThan(0);
    for (const { object, errors } of invalid) {
      const text = JSON.stringify(object);
      expect(PLANTED_TYPOS.some((t) => text.includes(`"${t}"`)), `${object.kind} ${object.metadata.name}: ${JSON.stringify(errors)}`).toBe(true);
    }
    expect(invalid).toHaveLength(planted.schemaErrors);
  }, 60_000);
});
