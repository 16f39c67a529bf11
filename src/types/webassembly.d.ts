// The few WebAssembly APIs the schema engine loader uses; the full types live in lib.dom,
// which a server has no business including.
declare namespace WebAssembly {
  type Exports = Record<string, unknown>;
  type ModuleImports = Record<string, unknown>;
  class Module {}
  class Instance {
    constructor(module: Module, imports: Record<string, ModuleImports>);
    readonly exports: Exports;
  }
  function compile(bytes: Uint8Array): Promise<Module>;
}
