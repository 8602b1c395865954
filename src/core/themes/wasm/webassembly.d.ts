// Node has WebAssembly, but TypeScript declares it only in lib.dom, which this project leaves out
// (https://github.com/microsoft/TypeScript-DOM-lib-generator/issues/826). The part the kernels use:
declare global {
  namespace WebAssembly {
    interface Module {}
    const Module: new (bytes: Uint8Array) => Module;
    interface Memory {
      readonly buffer: ArrayBuffer;
      grow(pages: number): number;
    }
    interface Instance {
      readonly exports: Record<string, unknown>;
    }
    const Instance: new (module: Module, imports?: Record<string, Record<string, unknown>>) => Instance;
  }
}

export {};
