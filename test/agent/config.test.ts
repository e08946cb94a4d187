import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/agent/config.js';

describe('loadConfig', () => {
  it('applies defaults around a valid API_URL', () => {
    const config = loadConfig({ API_URL: 'https://central.example.org/api/solar', LOG_LEVEL: 'INFO' });
    expect(config.apiUrl.href).toBe('https://central.example.org/api/solar');
    expect(config.dataDir).toBe('/data');
    expect(config.port).toBe(8080);
    expect(config.batchSize).toBe(50);
    expect(config.logLevel).toBe('info');
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ API_URL: 'ftp://x', PORT: 'eighty', BATCH_SIZE: '0', BACKOFF_BASE_MS: '900', BACKOFF_MAX_MS: '100', LOG_LEVEL: 'loud', DATA_DIR: 'relative' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(/[: ]/)[0])).toEqual(['API_URL', 'DATA_DIR', 'PORT', 'BATCH_SIZE', 'BACKOFF_BASE_MS', 'LOG_LEVEL']);
    expect((error as Error).message).toContain('PORT: expected a whole number between 0 and 65535, got "eighty"');
  });

  it('requires API_URL and rejects garbage', () => {
    expect(() => loadConfig({})).toThrow(/API_URL: required/);
    expect(() => loadConfig({ API_URL: 'not a url' })).toThrow(/API_URL: not a valid URL/);
  });
});
