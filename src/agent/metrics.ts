// The agent's Prometheus metrics, rendered in the text exposition format (version 0.0.4).

export type FailureReason = 'timeout' | 'network' | 'http' | 'unacknowledged' | 'blocked' | 'rejected';

export class AgentMetrics {
  readingsAccepted = 0;
  readingsDelivered = 0;
  sendAttempts = 0;
  sendFailures: Record<FailureReason, number> = { timeout: 0, network: 0, http: 0, unacknowledged: 0, blocked: 0, rejected: 0 };
  deadLettered = 0;
  /** Unix seconds of the last batch the central API accepted; 0 until the first one. */
  lastSuccessSeconds = 0;

  render(state: { outboxDepth: number; ready: boolean }): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: Array<[string, number]>): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('solar_sync_outbox_depth', 'gauge', 'Readings persisted on disk and not yet accepted by the central API.', [['', state.outboxDepth]]);
    metric('solar_sync_ready', 'gauge', '1 when the outbox is writable and the agent accepts readings.', [['', state.ready ? 1 : 0]]);
    metric('solar_sync_readings_accepted_total', 'counter', 'Readings acknowledged to clients (persisted).', [['', this.readingsAccepted]]);
    metric('solar_sync_readings_delivered_total', 'counter', 'Readings accepted by the central API.', [['', this.readingsDelivered]]);
    metric('solar_sync_send_attempts_total', 'counter', 'HTTP requests made to the central API.', [['', this.sendAttempts]]);
    metric(
      'solar_sync_send_failures_total',
      'counter',
      'Requests to the central API that did not deliver, by reason.',
      Object.entries(this.sendFailures).map(([reason, n]) => [`{reason="${reason}"}`, n]),
    );
    metric('solar_sync_dead_lettered_total', 'counter', 'Readings the central API rejected permanently, moved to the dead-letter folder.', [['', this.deadLettered]]);
    metric('solar_sync_last_success_timestamp_seconds', 'gauge', 'Unix time of the last batch accepted by the central API (0: none yet).', [['', this.lastSuccessSeconds]]);
    return `${lines.join('\n')}\n`;
  }
}
