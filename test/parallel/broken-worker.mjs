// A Rego helper whose file cannot load (for rego-helper.test.ts): the main thread must learn at
// once that it is gone, not wait for it until a deadline.
throw new Error('this helper cannot load');
