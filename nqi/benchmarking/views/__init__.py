"""Pages of the benchmarking app, one module per audience (enterprise workbench, outputs, public, bureau)."""
