"""Runs a code cell in the local tslab kernel and, once a given file exists, shuts the kernel down the way Jupyter's
"Restart Kernel" and "Shut Down Kernel" do (jupyter_client: SIGINT, then shutdown_request, SIGTERM, SIGKILL).

usage: shut_down_during_cell.py CODE_FILE WAIT_FOR_FILE
"""
import os
import sys
import time

from jupyter_client import KernelManager

code_file, wait_for = sys.argv[1:3]
manager = KernelManager(kernel_name='tslab')
manager.start_kernel(cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
client = manager.client()
try:
    client.start_channels()
    client.wait_for_ready(timeout=60)
    client.execute(open(code_file).read())
    deadline = time.time() + 300
    while not os.path.exists(wait_for):
        if time.time() > deadline or not manager.is_alive():
            sys.exit(f'{wait_for} never appeared')
        time.sleep(0.2)
    time.sleep(1)  # some steps into the next epoch
finally:
    client.stop_channels()
    manager.shutdown_kernel()
print('kernel shut down')
