//! Shared inputs of the patchcore benchmarks (work in progress).
