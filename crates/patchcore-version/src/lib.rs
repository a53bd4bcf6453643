//! Version schemes of patchcore (work in progress).
