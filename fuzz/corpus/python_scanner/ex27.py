# A throwaway app inside the tests: never the one to containerize.
from fastapi import FastAPI

app = FastAPI()
