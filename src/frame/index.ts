export {
  CONCEPT_DIAGRAMS,
  diagramBundle,
  diagramFile,
  diagramHash,
  DIAGRAMS_DIRECTORY,
  diagramSvg,
  RENDER_DIAGRAMS_COMMAND,
  showDiagram,
} from './diagrams';
export type { ConceptDiagram } from './diagrams';
export { evaluatorOrQuickOne, probeImages, scoreTwoWays, vaeOrQuickOne } from './two-views';
export type { Sourced, TwoViews } from './two-views';
