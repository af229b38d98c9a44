// vitest setup file: runs before each test file.
import { seedProperties } from "./helpers/property";

seedProperties();
