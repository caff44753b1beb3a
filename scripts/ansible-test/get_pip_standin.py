"""Stand-in for pip's get-pip.py bootstrap script.

ansible-test creates pip-less virtualenvs for some sanity tests and downloads
get-pip.py from a host that the build machines cannot reach. This does the
same job with what is here: ensurepip installs the bundled pip, then pip
installs the version ansible-test asked for from PyPI.
"""

import subprocess
import sys

# In a child process: ensurepip points PIP_CONFIG_FILE at /dev/null in its own
# environment, which would hide the machine's pip configuration from the
# install below.
subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"], stdout=subprocess.DEVNULL)
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
subprocess.check_call([sys.executable, "-m", "pip", "install"] + args)
