// GMP shim: Swift sees GMP's real symbols (`__gmpz_*`, `__gmpn_*`); the `mpz_*` names
// are C macros that Swift cannot import.
#include <gmp.h>
