/* A benign stand-in for a dual-use tool: it only asks the tick count. Built
 * by the PE tests with mingw-w64; version info comes from a .rc file. */
__attribute__((dllimport)) unsigned long __stdcall GetTickCount(void);
__attribute__((dllimport)) void __stdcall Sleep(unsigned long);

void start(void) {
  if (GetTickCount() == 0) Sleep(1);
}
