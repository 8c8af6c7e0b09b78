export * from './diagrams';
export * from './two-views';
