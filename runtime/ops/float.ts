// Placeholder: filled in by the owner of this op family.
import type { OpHandlers } from './handler.js';

export const floatOps: OpHandlers = {};
