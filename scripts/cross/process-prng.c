/* Test-only shim for Wine 8.0, whose bcryptprimitives.dll lacks ProcessPrng, which
 * Rust's std imports on Windows for random numbers (hash seeds, temporary file
 * names). It forwards to SystemFunction036 (RtlGenRandom), which Wine has. Built
 * with mingw and placed beside mxdrill.exe by scripts/cross.sh only; a real Windows
 * (10 and later) has ProcessPrng, and the release binaries never ship this. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
