"""Make the collection importable as ansible_collections.zkops.ensemble.

scripts/venv.sh links the checkout into .cache/collections; the unit tests
import module_utils and plugins through that path, as Ansible does.
"""

import os
import sys

_COLLECTIONS = os.path.join(os.path.dirname(__file__), "..", "..", ".cache", "collections")
sys.path.insert(0, os.path.abspath(_COLLECTIONS))
