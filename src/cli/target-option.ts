import { Option } from 'commander';

/** Repeatable option values collected into a list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `-target ADDRESS` (repeatable), as in Terraform: plan or apply only these objects and what they need. */
export function targetOption(): Option {
  return new Option(
    '--target <address>',
    'only this object (e.g. client["web"]) and what it refers to; repeatable; the plan says it is partial',
  )
    .argParser(collect)
    .default([]);
}
