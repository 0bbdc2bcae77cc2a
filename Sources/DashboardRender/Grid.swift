/// Pure renderer (placeholder).
import RolloutEngine
