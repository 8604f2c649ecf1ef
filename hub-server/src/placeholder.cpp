// Placeholder so the library has a source until the hub lands; delete when adding real files.
