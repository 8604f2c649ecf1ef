// Placeholder; delete when real sources land.
