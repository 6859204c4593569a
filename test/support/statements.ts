/**
 * The statements a request sent, out of all a subgraph sent meanwhile: the event relay's and housekeeping's polling
 * (outbox, inbox, parked events) runs on its own clock and is left out.
 */
export const requestStatements = (statements: string[]): string[] =>
  statements.filter((sql) => !/outbox_event|inbox_event|parked_event/.test(sql));
