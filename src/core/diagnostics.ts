/** A problem found while planning, reported with every other one before anything is written. */
export interface PlanDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  address?: string;
  file?: string;
  line?: number;
  path?: string;
}

export function hasErrorDiagnostics(diagnostics: readonly PlanDiagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
