# Uses include/python3/shout.py.
from shout import shout

print(shout(input()))
