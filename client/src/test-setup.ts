// Unit tests run in Node with a real IndexedDB implementation in memory (fake-indexeddb).
import 'fake-indexeddb/auto';
