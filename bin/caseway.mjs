#!/usr/bin/env node
// The `caseway` command: runs engine/scripts/caseway.ts through tsx (the engine is TypeScript).
import { register } from 'tsx/esm/api';

register();
await import('../engine/scripts/caseway.ts');
